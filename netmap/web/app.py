"""The application factory: ``create_app(settings)`` builds the ASGI app.

The lifespan opens the store (starting the embedded server when no URI is
configured), applies the schema, optionally loads the demo community and, in
development, makes and prints an admin token; everything closes on shutdown.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
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
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from cross_web import HTTPException
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from netmap.web.auth import BearerBackend, CallerUser, unauthenticated
from netmap.services.context import Context
from netmap.services.disclosure import DisclosureControl
from netmap.services.network import FOLLOW_S, RETRY_AFTER_S, WARM_WAIT_S, NetworkCache, WarmingUp
from netmap.api.schema import build_schema
from netmap.api.settings import ApiSettings, Mode
from netmap.domain.access import AccessRole, Principal
from netmap.domain.errors import NetmapError
from netmap.store.accounts import create_token
from netmap.store.audit import write_audit
from netmap.interchange.community_file import DEMO_FILE, read_community
from netmap.store.community_load import load_community
from netmap.store.connection import Store, open_store
from netmap.store.idempotency import find_request, save_response
from netmap.store.settings import StoreSettings
from netmap.web.directory import OPEN_REFERRAL
from netmap.web.http_guards import GRAPHIQL_POLICY, BodySizeLimit, RateLimit, RefusalLimit, SecurityHeaders
from netmap.web.page_kit import PageError, page_error_page, refusal_page
from netmap.web.protocol import GRAPHQL_RESPONSE, JSON, not_run, response_media_type
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
    analysis_follow_s: float = FOLLOW_S
    """How often an idle worker applies the change feed to its analysis (0: only when asked)."""


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view, with our context, the audit of reads, idempotency keys,
    GraphQL over HTTP's media type, and every refusal as a GraphQL-shaped JSON answer."""

    def __init__(self, settings: ApiSettings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql" if settings.introspection else None)
        self.settings = settings

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL from netmap's own files: the page loads nothing from elsewhere."""
        return GRAPHIQL_PAGE.read_text(encoding="utf-8")

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self.graphql_ide_html, headers={"Content-Security-Policy": GRAPHIQL_POLICY})

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        user = request.scope.get("user")
        principal = user.principal if isinstance(user, CallerUser) else None
        context = Context(
            store=request.app.state.store,
            principal=principal,
            disclosure=DisclosureControl(threshold=self.settings.suppress_below),
            network=request.app.state.network,
            idempotency=getattr(request.state, "idempotency", None),
            replay=getattr(request.state, "replay", ()),
        )
        if context.replay:
            response.headers["Idempotent-Replayed"] = "true"
        request.state.netmap = context
        return context

    def decode_json(self, data: str | bytes) -> object:
        """The body as JSON: an object, at most ``MAX_NESTING`` levels deep."""
        try:
            found = json.loads(data)
        except (ValueError, RecursionError):
            raise HTTPException(400, "The body is not JSON (or is nested too deeply).") from None
        if not isinstance(found, dict):
            raise HTTPException(400, "The body must be a JSON object with a 'query'.")
        if _deeper_than(found, MAX_NESTING):
            raise HTTPException(400, f"The body is nested more than {MAX_NESTING} levels deep.")
        return found

    async def run(self, request: Request | WebSocket, context: Context | None = None, root_value: None = None) -> Response:  # type: ignore[override]
        if not isinstance(request, Request):
            return await super().run(request)
        media = response_media_type(request.headers.get("accept"))
        request.state.media_type = media
        try:
            if request.headers.get(IDEMPOTENCY_HEADER):
                replay = await _idempotency(request, self.settings.limits.timeout_s)
                if replay is not None:
                    return replay
            response = await super().run(request)
            if retry := getattr(request.state, "retry_after", None):
                response.status_code = 503
                response.headers["Retry-After"] = str(retry)
        except HTTPException as exc:
            return _errors(exc.status_code, _HTTP_CODES.get(exc.status_code, "BAD_REQUEST"), exc.reason, media)
        except NetmapError as exc:
            status = 503 if exc.code in ("STORE_UNAVAILABLE", "TIMEOUT") else 422
            return _errors(status, exc.code, exc.message, media)
        if media == GRAPHQL_RESPONSE and response.media_type == JSON:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if getattr(request.state, "not_run", False):
                response.status_code = 400
        return response

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Record who read whose data (if that cannot be recorded, the data is not shown),
        keep the answer of a request that claimed an idempotency key, for its retries,
        and leave out ``data`` where GraphQL over HTTP's media type asks."""
        answer = await super().process_result(request, result)
        context: Context | None = getattr(request.state, "netmap", None)
        if context is not None and context.reads:
            try:
                await context.store.append_log(write_audit, context.audit_entries())
            except NetmapError as exc:
                return {"data": None, "errors": [{"message": exc.message, "extensions": {"code": exc.code}}]}
        warming = [e for e in answer.get("errors") or [] if (e.get("extensions") or {}).get("code") == WarmingUp.code]
        if warming:
            request.state.retry_after = warming[0]["extensions"].get("retry_after_s", RETRY_AFTER_S)
        if context is not None and context.claimed and context.idempotency is not None:
            await context.store.append_log(save_response, context.idempotency[0], json.dumps(answer))
        if not_run(answer) and getattr(request.state, "media_type", JSON) == GRAPHQL_RESPONSE:
            request.state.not_run = True
            answer.pop("data", None)
        return answer


GRAPHIQL_PAGE = Path(__file__).parent / "templates" / "graphiql.html"
IDEMPOTENCY_HEADER = "idempotency-key"
MAX_KEY = 200
CLOCK_MARGIN_S = 2.0
"""Allowed difference between the clocks of the processes that share a store."""
MAX_NESTING = 32
"""Levels of JSON in a request body: variables of netmap's inputs need a handful."""


def _deeper_than(value: object, limit: int) -> bool:
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            pending.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            pending.extend((v, depth + 1) for v in item)
    return False


async def _idempotency(request: Request, timeout_s: float) -> Response | None:
    """The stored answer for a retried request, a refusal, or None to run it (with its key
    noted, and the kept results of an earlier attempt that died before its answer was saved).

    A request ends within the time limit, saving its answer included; so once the limit
    has passed since a keyed request's last write and no answer is saved, it died, and
    this retry renders the answer again from what its writes returned."""
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
        waited = (datetime.now(timezone.utc) - known.written_at).total_seconds() if known.written_at else 0.0
        left = timeout_s + CLOCK_MARGIN_S - waited
        if known.results and left <= 0:
            request.state.idempotency = (scoped, body_hash)
            request.state.replay = known.results
            return None
        refusal = _errors(
            409, "IDEMPOTENCY_IN_PROGRESS",
            "The first request with this Idempotency-Key is still running; nothing more was written. Retry after the time given.",
        )  # fmt: skip
        if known.results:
            refusal.headers["Retry-After"] = str(max(1, math.ceil(left)))
        return refusal
    return Response(known.response, media_type="application/json", headers={"Idempotent-Replayed": "true"})


def _errors(status: int, code: str, message: str, media: str = JSON) -> JSONResponse:
    """A refusal as GraphQL answers one; with GraphQL over HTTP's media type, without ``data``."""
    errors = [{"message": message, "extensions": {"code": code}}]
    body = {"errors": errors} if media == GRAPHQL_RESPONSE else {"data": None, "errors": errors}
    return JSONResponse(body, status_code=status, media_type=media)


_HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


async def http_refusal(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (a method /graphql does not take): coded JSON there, text elsewhere."""
    assert isinstance(exc, StarletteHTTPException)
    response: Response
    if request.url.path == "/graphql":
        response = _errors(exc.status_code, _HTTP_CODES.get(exc.status_code, "BAD_REQUEST"), exc.detail)
    else:
        response = PlainTextResponse(exc.detail, status_code=exc.status_code)
    response.headers.update(exc.headers or {})
    return response


async def fault(request: Request, exc: Exception) -> Response:
    """What a client sees of an unexpected fault outside GraphQL (logged by Starlette)."""
    return _errors(500, "INTERNAL_ERROR", "Internal error.")


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
            app.state.network = NetworkCache(warm_wait_s=WARM_WAIT_S, follow_s=settings.analysis_follow_s)
            app.state.network.start(store)
            app.state.api = api
            app.state.auth = auth
            try:
                yield
            finally:
                await app.state.network.close()

    middleware = [Middleware(SecurityHeaders), Middleware(BodySizeLimit, max_bytes=api.limits.max_body_bytes)]
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
        Middleware(
            AuthenticationMiddleware, backend=auth, on_error=RefusalLimit(unauthenticated, api.limits.refused_per_minute)
        ),
        Middleware(RateLimit, per_minute=api.limits.rate_per_minute),
    ]
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", GraphQLApp(api), methods=["GET", "POST"]),
            OPEN_REFERRAL,
            *PAGES,
        ],
        middleware=middleware,
        exception_handlers={
            StarletteHTTPException: http_refusal,
            NetmapError: refusal_page,
            PageError: page_error_page,
            500: fault,
        },
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
