"""The application factory: ``create_app(settings)`` builds the ASGI app.

The lifespan opens the store (starting the embedded server when no URI is
configured), applies the schema, optionally loads the demo community, and
closes everything on shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from netmap.api.context import Context
from netmap.api.schema import schema
from netmap.store.community import DEMO_FILE, load_community, read_community
from netmap.store.connection import Store, open_store
from netmap.store.settings import StoreSettings

log = logging.getLogger("netmap")


@dataclass(frozen=True)
class AppSettings:
    store: StoreSettings = field(default_factory=StoreSettings)
    demo: bool = False
    """Load the demo community at start (idempotent: loading twice equals once)."""
    demo_file: Path = DEMO_FILE


class GraphQLApp(GraphQL[Context, None]):
    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(store=request.app.state.store)


async def healthz(request: Request) -> Response:
    """The process is up (says nothing about the store)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """The store answers: 200 when it does, 503 when it does not."""
    store: Store = request.app.state.store
    if await store.ping():
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "store unavailable"}, status_code=503)


async def home(request: Request) -> Response:
    return RedirectResponse("/graphql")


def create_app(settings: AppSettings | None = None) -> Starlette:
    settings = settings or AppSettings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_store(settings.store) as store:
            if settings.demo:
                counts = await load_community(store, read_community(settings.demo_file))
                log.info("demo community loaded: %s", counts)
            app.state.store = store
            yield

    return Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", GraphQLApp(schema), methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
    )
