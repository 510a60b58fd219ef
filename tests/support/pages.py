"""The pages as a browser reaches them, without a browser: signing in with a form."""

from __future__ import annotations

from starlette.testclient import TestClient

from support.api import Api


def signed_in(api: Api, token: str) -> TestClient:
    """The API's client, its cookies replaced by a session made by signing in with ``token``."""
    client = api.client
    client.cookies.clear()
    response = client.post("/sign-in", data={"token": token, "next": "/people"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/people"
    assert "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=strict" in response.headers["set-cookie"].lower()
    return client
