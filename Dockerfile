# netmap against Neo4j (see docker-compose.yml); the embedded store is not installed here.
# A plain (non-editable) install: the demo community and the Cypher constraints are package data.
FROM python:3.12-slim
COPY pyproject.toml README.md /src/
COPY netmap /src/netmap
RUN pip install --no-cache-dir /src \
    && rm -rf /src \
    && useradd --system --home-dir /app --create-home netmap
WORKDIR /app
USER netmap
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["netmap", "serve", "--host", "0.0.0.0", "--port", "8000"]
