"""The application factory: ``create_app(settings)`` builds the ASGI app.

The lifespan opens the store (starting the embedded server when no URI is
configured), applies the schema, optionally loads the demo community and, in
development, makes and prints an admin token; everything closes on shutdown.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from netmap.api.auth import BearerBackend, CallerUser, unauthenticated
from netmap.api.context import Context
from netmap.api.network import FOLLOW_S, RETRY_AFTER_S, WARM_WAIT_S, NetworkCache, WarmingUp
from netmap.api.schema import build_schema
from netmap.api.settings import ApiSettings, Mode
from netmap.domain.access import AccessRole, Principal
from netmap.domain.errors import NetmapError
from netmap.store.accounts import create_token
from netmap.store.audit import write_audit
from netmap.store.community import DEMO_FILE, load_community, read_community
from netmap.store.connection import Store, open_store
from netmap.store.idempotency import find_request, save_response
from netmap.store.settings import StoreSettings
from netmap.web.directory import openreferral_services
from netmap.web.guards import BodySizeLimit, RateLimit
from netmap.web.routes import PAGES

log = logging.getLogger("netmap")

DEV_ADMIN = Principal(subject="dev-admin", role=AccessRole.ADMIN, name="development admin")


@dataclass(frozen=True)
class AppSettings:
    store: StoreSettings = field(default_factory=StoreSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    demo: bool = False
    """Load the demo community at start (idempotent: loading twice equals once)."""
    demo_file: Path = DEMO_FILE
    print_admin_token: bool = False
    """In development, make an admin token valid for a day and print it."""


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view, with our context, a time limit and the audit of reads."""

    def __init__(self, settings: ApiSettings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql" if settings.introspection else None)
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        user = request.scope.get("user")
        principal = user.principal if isinstance(user, CallerUser) else None
        context = Context(
            store=request.app.state.store,
            principal=principal,
            settings=self.settings,
            network=request.app.state.network,
            idempotency=getattr(request.state, "idempotency", None),
        )
        request.state.netmap = context
        return context

    async def run(self, request: Request | WebSocket, context: Context | None = None, root_value: None = None) -> Response:  # type: ignore[override]
        try:
            if isinstance(request, Request) and request.headers.get(IDEMPOTENCY_HEADER):
                replay = await _idempotency(request)
                if replay is not None:
                    return replay
            response = await asyncio.wait_for(super().run(request), self.settings.limits.timeout_s)
            if isinstance(request, Request) and (retry := getattr(request.state, "retry_after", None)):
                response.status_code = 503
                response.headers["Retry-After"] = str(retry)
            return response
        except asyncio.TimeoutError:
            return _errors(503, "TIMEOUT", f"The request took longer than {self.settings.limits.timeout_s:g} s.")
        except NetmapError as exc:
            return _errors(503 if exc.code == "STORE_UNAVAILABLE" else 422, exc.code, exc.message)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Record who read whose data (if that cannot be recorded, the data is not shown),
        and keep the answer of a request that claimed an idempotency key, for its retries."""
        context: Context | None = getattr(request.state, "netmap", None)
        if context is not None and context.reads:
            try:
                await context.store.append_log(write_audit, context.audit_entries())
            except NetmapError as exc:
                return {"data": None, "errors": [{"message": exc.message, "extensions": {"code": exc.code}}]}
        answer = await super().process_result(request, result)
        warming = [e for e in answer.get("errors") or [] if (e.get("extensions") or {}).get("code") == WarmingUp.code]
        if warming:
            request.state.retry_after = warming[0]["extensions"].get("retry_after_s", RETRY_AFTER_S)
        if context is not None and context.claimed and context.idempotency is not None:
            await context.store.append_log(save_response, context.idempotency[0], json.dumps(answer))
        return answer


IDEMPOTENCY_HEADER = "idempotency-key"
MAX_KEY = 200


async def _idempotency(request: Request) -> Response | None:
    """The stored answer for a retried request, a refusal, or None to run it (with its key noted)."""
    key = request.headers[IDEMPOTENCY_HEADER].strip()
    if not 0 < len(key) <= MAX_KEY:
        return _errors(422, "INVALID_INPUT", f"An Idempotency-Key is 1 to {MAX_KEY} characters.")
    user = request.scope.get("user")
    subject = user.principal.subject if isinstance(user, CallerUser) else "anonymous"
    scoped = f"{subject}:{key}"
    body_hash = hashlib.sha256(await request.body()).hexdigest()
    known = await request.app.state.store.read(find_request, scoped)
    if known is None:
        request.state.idempotency = (scoped, body_hash)
        return None
    if known.body_hash != body_hash:
        return _errors(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for a different request.")
    if known.response is None:
        return _errors(
            409, "IDEMPOTENCY_IN_PROGRESS",
            "The first request with this Idempotency-Key is still running, or stopped after writing; nothing more was written.",
        )  # fmt: skip
    return Response(known.response, media_type="application/json", headers={"Idempotent-Replayed": "true"})


def _errors(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


async def healthz(request: Request) -> Response:
    """The process is up (says nothing about the store)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """The store answers: 200 when it does, 503 when it does not."""
    store: Store = request.app.state.store
    if await store.ping():
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "store unavailable"}, status_code=503)


def create_app(settings: AppSettings | None = None) -> Starlette:
    settings = settings or AppSettings()
    api = settings.api

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_store(settings.store) as store:
            await start_up(store, settings)
            app.state.store = store
            app.state.network = NetworkCache(warm_wait_s=WARM_WAIT_S, follow_s=FOLLOW_S)
            app.state.network.start(store)
            app.state.api = api
            app.state.auth = auth
            try:
                yield
            finally:
                await app.state.network.close()

    middleware = [Middleware(BodySizeLimit, max_bytes=api.limits.max_body_bytes)]
    if api.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(api.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type"],
            )
        )
    auth = BearerBackend(api.jwt)
    middleware += [
        Middleware(AuthenticationMiddleware, backend=auth, on_error=unauthenticated),
        Middleware(RateLimit, per_minute=api.limits.rate_per_minute),
    ]
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", GraphQLApp(api), methods=["GET", "POST"]),
            Route("/openreferral/services", openreferral_services),
            *PAGES,
        ],
        middleware=middleware,
        lifespan=lifespan,
    )


async def start_up(store: Store, settings: AppSettings) -> None:
    """What happens once when the service starts: the demo community and the development token."""
    if settings.demo:
        counts = await load_community(store, read_community(settings.demo_file))
        log.info("demo community loaded: %s", counts)
    if settings.print_admin_token and settings.api.mode is Mode.DEVELOPMENT:
        await _print_admin_token(store)


def app_from_environment() -> Starlette:
    """The app of one worker of ``netmap serve --workers N``: store and API settings come
    from the environment the parent set, and the parent has already done the start-up."""
    return create_app(AppSettings(store=StoreSettings.from_env(), api=ApiSettings.from_env()))


async def _print_admin_token(store: Store) -> None:
    now = datetime.now(timezone.utc)
    token, _ = await store.write(create_token, DEV_ADMIN, "development admin", now, now + timedelta(days=1))
    print(
        "\nnetmap (development mode): an admin token for the next 24 hours:\n\n"
        f"    {token}\n\n"
        "Sign in to the pages at /sign-in with it, or in GraphiQL open \"Headers\" and paste:\n"
        '    {"Authorization": "Bearer ' + token + '"}\n',
        flush=True,
    )
