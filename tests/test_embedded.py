"""The embedded server as a user meets it: started by netmap itself, on
loopback, with a private password, data kept across restarts, and readiness
that follows the store."""

from __future__ import annotations

import stat
import time
from datetime import datetime, timezone
from pathlib import Path

from starlette.testclient import TestClient

from netmap.domain.access import AccessRole, Principal
from netmap.store.accounts import create_token
from netmap.store.embedded import PASSWORD_FILE
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app

FIND_VERA = '{ people(search: "Vera") { nodes { name } } }'
CREATE_VERA = 'mutation { createPerson(input: {name: "Vera"}) { id } }'
ADMIN = Principal(subject="embedded-test", role=AccessRole.ADMIN)


def _admin_headers(client: TestClient) -> dict[str, str]:
    """Make an admin token through the app's own store, as `netmap token create` would."""
    store = client.app.state.store  # type: ignore[attr-defined]
    portal = client.portal
    assert portal is not None
    token, _ = portal.call(store.write, create_token, ADMIN, "test", datetime.now(timezone.utc))
    return {"Authorization": f"Bearer {token}"}


def test_embedded_store_starts_keeps_data_and_stops(tmp_path: Path) -> None:
    settings = StoreSettings(data_dir=tmp_path / "data")
    app = create_app(AppSettings(store=settings))

    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200
        created = client.post("/graphql", json={"query": CREATE_VERA}, headers=_admin_headers(client))
        assert "errors" not in created.json()
        password = tmp_path / "data" / PASSWORD_FILE
        assert stat.S_IMODE(password.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700

    with TestClient(create_app(AppSettings(store=settings))) as client:
        found = client.post("/graphql", json={"query": FIND_VERA}, headers=_admin_headers(client)).json()
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
            headers = _admin_headers(client)
            server.kill()
            response = client.get("/readyz")
            assert (response.status_code, response.json()) == (503, {"status": "store unavailable"})
            failed = client.post("/graphql", json={"query": FIND_VERA}, headers=headers)
            assert failed.status_code == 503
            assert failed.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"


def test_the_embedded_store_is_started_again_and_keeps_acknowledged_writes(tmp_path: Path) -> None:
    settings = StoreSettings(data_dir=tmp_path / "data")
    with TestClient(create_app(AppSettings(store=settings))) as client:
        headers = _admin_headers(client)
        created = client.post("/graphql", json={"query": CREATE_VERA}, headers=headers)
        assert "errors" not in created.json(), "the write was acknowledged"
        server = client.app.state.store.server  # type: ignore[attr-defined]

        server.kill()
        refused = client.post("/graphql", json={"query": FIND_VERA}, headers=headers)
        assert refused.status_code == 503
        assert refused.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert client.get("/readyz").status_code == 503

        for _ in range(240):
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.5)
        found = client.post("/graphql", json={"query": FIND_VERA}, headers=headers).json()
        assert found["data"]["people"]["nodes"] == [{"name": "Vera"}]
        assert server.restarts == 1
        again = client.post("/graphql", json={"query": CREATE_VERA.replace("Vera", "Vera Two")}, headers=headers)
        assert "errors" not in again.json()
