"""The embedded server as a user meets it: started by netmap itself, on
loopback, with a private password, data kept across restarts, and readiness
that follows the store."""

from __future__ import annotations

import stat
from pathlib import Path

from starlette.testclient import TestClient

from netmap.store.embedded import PASSWORD_FILE
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app

FIND_VERA = '{ people(search: "Vera") { nodes { name } } }'
CREATE_VERA = 'mutation { createPerson(input: {name: "Vera"}) { id } }'


def test_embedded_store_starts_keeps_data_and_stops(tmp_path: Path) -> None:
    settings = StoreSettings(data_dir=tmp_path / "data")
    app = create_app(AppSettings(store=settings))

    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200
        assert client.post("/graphql", json={"query": CREATE_VERA}).status_code == 200
        password = tmp_path / "data" / PASSWORD_FILE
        assert stat.S_IMODE(password.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700

    with TestClient(create_app(AppSettings(store=settings))) as client:
        found = client.post("/graphql", json={"query": FIND_VERA}).json()
        assert found["data"]["people"]["nodes"] == [{"name": "Vera"}]


def test_readyz_turns_503_when_the_store_goes_away(tmp_path: Path) -> None:
    from netmap.store.embedded import EmbeddedServer

    with EmbeddedServer(tmp_path / "data", "netmap") as server:
        endpoint = server.endpoint
        settings = StoreSettings(
            uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database
        )
        with TestClient(create_app(AppSettings(store=settings))) as client:
            assert client.get("/readyz").status_code == 200
            server.kill()
            response = client.get("/readyz")
            assert (response.status_code, response.json()) == (503, {"status": "store unavailable"})
            failed = client.post("/graphql", json={"query": FIND_VERA}).json()
            assert failed["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
