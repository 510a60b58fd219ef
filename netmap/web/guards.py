"""ASGI middleware that protects the service: request body size and per-caller rate."""

from __future__ import annotations

import json

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
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
