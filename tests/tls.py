"""A throwaway PKI made with openssl for the TLS tests: nothing is stored in the repository.

- ``ca.pem``: the certificate authority clients trust;
- ``server.pem``: key + certificate for 127.0.0.1 (the broker's keystore, PEM form);
- ``misnamed.pem``: key + certificate for ``kafka.invalid`` only (a hostname check fails);
- ``client.crt`` + ``client.key``: the client's certificate and its key, encrypted with
  ``key_password`` (mutual TLS).
"""

from __future__ import annotations

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

DAYS = "2"


@dataclass(frozen=True)
class Pki:
    dir: Path
    ca: Path
    server: Path
    misnamed: Path
    client_cert: Path
    client_key: Path
    key_password: str


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)  # noqa: S607


def _signed(cwd: Path, name: str, subject: str, extensions: str, key_args: list[str]) -> None:
    """``name.key`` and ``name.crt``, signed by the CA in ``cwd``."""
    openssl("req", "-newkey", "rsa:2048", *key_args, "-keyout", f"{name}.key",
            "-out", f"{name}.csr", "-subj", subject, cwd=cwd)  # fmt: skip
    (cwd / f"{name}.ext").write_text(extensions)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", DAYS, "-out", f"{name}.crt",
            "-extfile", f"{name}.ext", cwd=cwd)  # fmt: skip


def _keystore(cwd: Path, name: str) -> Path:
    """Kafka's PEM keystore: the (unencrypted, PKCS#8) key, then the certificate."""
    pem = cwd / f"{name}.pem"
    pem.write_text((cwd / f"{name}.key").read_text() + (cwd / f"{name}.crt").read_text())
    return pem


def make_pki(directory: Path) -> Pki:
    directory.mkdir(parents=True, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", DAYS, "-subj", "/CN=streams-test-ca", cwd=directory)  # fmt: skip
    server = "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
    _signed(directory, "server", "/CN=127.0.0.1", server, ["-nodes"])
    wrong = "subjectAltName=DNS:kafka.invalid\nextendedKeyUsage=serverAuth\n"
    _signed(directory, "misnamed", "/CN=kafka.invalid", wrong, ["-nodes"])
    password = secrets.token_urlsafe(12)
    client_key_args = ["-passout", f"pass:{password}"]  # OpenSSL 3: encrypted PKCS#8
    _signed(directory, "client", "/CN=streams-client", "extendedKeyUsage=clientAuth\n",
            client_key_args)  # fmt: skip
    return Pki(
        dir=directory,
        ca=directory / "ca.pem",
        server=_keystore(directory, "server"),
        misnamed=_keystore(directory, "misnamed"),
        client_cert=directory / "client.crt",
        client_key=directory / "client.key",
        key_password=password,
    )
