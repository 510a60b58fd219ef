"""ASGI middleware that protects the service: request body size, per-caller rate,
refused credentials per address, and the security headers of every response."""

from __future__ import annotations

import json
from collections.abc import Callable

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.authentication import AuthenticationError
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _error(status: int, code: str, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> list[Message]:
    body = json.dumps({"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    return [
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *(headers or [])],
        },
        {"type": "http.response.body", "body": body},
    ]


async def _send_all(send: Send, messages: list[Message]) -> None:
    for message in messages:
        await send(message)


class BodySizeLimit:
    """Refuses request bodies over ``max_bytes`` with 413, whether announced or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = _error(413, "REQUEST_TOO_LARGE", f"The request body is over {self.max_bytes} bytes.")
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _send_all(send, too_large)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _send_all(send, too_large)


class _TooLarge(Exception):
    pass


class RateLimit:
    """At most ``per_minute`` requests per caller in any moving minute, else 429.

    The caller is the authenticated subject, or the client address without a
    token. Counts are kept in memory: one process, one count.
    """

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.item = RateLimitItemPerMinute(per_minute)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/healthz", "/readyz"):
            await self.app(scope, receive, send)
            return
        user = scope.get("user")
        caller = user.identity if user is not None and user.is_authenticated else (scope.get("client") or ("?",))[0]
        if not self.limiter.hit(self.item, str(caller)):
            await _send_all(
                send,
                _error(429, "RATE_LIMITED", "Too many requests; try again in a minute.", [(b"retry-after", b"60")]),
            )
            return
        await self.app(scope, receive, send)


class RefusalLimit:
    """Wraps the answer to a refused credential (401, or a browser sent back to sign in):
    at most ``per_minute`` such refusals per client address in any moving minute, then 429.

    Refused requests never reach :class:`RateLimit`, which counts per caller and
    runs after authentication; without this, guessing tokens would cost the
    guesser nothing but the service a store lookup each time.
    """

    def __init__(self, respond: Callable[[HTTPConnection, AuthenticationError], Response], per_minute: int) -> None:
        self.respond = respond
        self.item = RateLimitItemPerMinute(per_minute)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def __call__(self, conn: HTTPConnection, exc: AuthenticationError) -> Response:
        response = self.respond(conn, exc)
        if response.status_code >= 500:
            return response
        address = (conn.client.host if conn.client else None) or "?"
        if not self.limiter.hit(self.item, "refused", address):
            body = {"data": None, "errors": [{"message": "Too many refused requests; try again in a minute.",
                                              "extensions": {"code": "RATE_LIMITED"}}]}  # fmt: skip
            return JSONResponse(body, status_code=429, headers={"retry-after": "60"})
        return response


PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
"""The pages: their own stylesheet and pictures, no scripts, forms only to this site."""
PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
"""matplotlib's SVG carries its own <style>; nothing in a picture may run."""
GRAPHIQL_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""GraphiQL (development only), served from netmap's own pinned files: only netmap's own origin;
its editor sets styles inline and its fonts are data: URLs."""


def content_policy(path: str) -> str:
    if path == "/graphql":
        return GRAPHIQL_POLICY
    if path.startswith("/pictures/"):
        return PICTURE_POLICY
    return PAGE_POLICY


class SecurityHeaders:
    """Headers every response gets: no framing, no sniffing, the referrer only within this site, a content
    security policy, and ``Cache-Control: no-store`` on everything but the static files
    (pages name the signed-in caller; pictures, exports and API answers are personal)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        added = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"content-security-policy", content_policy(path).encode()),
        ]
        if not path.startswith("/static/"):
            added.append((b"cache-control", b"no-store"))
        names = {name for name, _ in added}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, send_with_headers)
