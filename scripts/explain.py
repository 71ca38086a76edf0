#!/usr/bin/env python3
"""Debugging aid: show, sentence by sentence, the parse, mentions and candidates.

usage: python scripts/explain.py "sentence text" [--published 2021-12-15] [--parse]
       python scripts/explain.py FILE.txt

Every sentence is parsed (no first pass), through the same ``Pipeline`` methods the worker
uses, so what is shown is what the worker sees.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from spacy.tokens import Doc

from streams.extract import ExtractOptions, Pipeline
from streams.extract.candidate import Sent
from streams.extract.draft import draft
from streams.extract.rules import RULES
from streams.records import Article


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("text")
    ap.add_argument("--published", default=None)
    ap.add_argument("--parse", action="store_true")
    a = ap.parse_args()
    path = Path(a.text) if len(a.text) < 255 else None
    body = path.read_text() if path is not None and path.exists() else a.text
    pub = datetime.fromisoformat(a.published + "T12:00:00+00:00") if a.published else None
    p = Pipeline.load(ExtractOptions(first_pass=False))
    prepared = p.prepare(Article(id="x", body=body, published_at=pub))
    [parsed] = p.parse([prepared])
    for sent in p.contexts(prepared, parsed):
        cands = [c for rule in RULES for c in rule.find(sent)]
        if cands or a.parse:
            show(sent, a.parse)
        for c in cands:
            d = draft(c)
            status, when = (d.status, d.date.value) if d is not None else ("ended", None)
            print(
                f"  -> {c.type:<16} {status:<12} trig={c.trigger.text!r} {c.pattern} "
                f"merge_only={c.merge_only} date={when} "
                f"roles={[(f.text, f.country or f.org, r) for f, r in c.roles]} "
                f"details={c.details} sub={c.subtype}"
            )


def show(sent: Sent, parse: bool) -> None:
    print("=" * 80)
    print(f"[{sent.index}] {sent.doc.text}")
    if parse:
        show_parse(sent.doc)
    mentions = [(m.text, [e.country or e.org for e in m.entities]) for m in sent.actors.mentions]
    print("  mentions:", mentions)


def show_parse(doc: Doc) -> None:
    for t in doc:
        print(
            f"  {t.i:>3} {t.text:<14} {t.dep_:<10} {t.head.i:>3} {t.pos_:<6} {t.tag_:<5} "
            f"{t.lemma_:<12} {t.ent_type_}"
        )


if __name__ == "__main__":
    main()
