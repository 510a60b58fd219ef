# netmap against Neo4j (see docker-compose.yml); the embedded store is not installed here.
FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY netmap ./netmap
COPY schema ./schema
COPY seed ./seed
RUN pip install --no-cache-dir -e . \
    && useradd --system --home-dir /app netmap
USER netmap
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["netmap", "serve", "--host", "0.0.0.0", "--port", "8000"]
