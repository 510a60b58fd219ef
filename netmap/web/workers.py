"""``netmap serve --workers N``: several worker processes answering on one port.

One Python process keeps one core busy; a second worker uses the other. The
workers share the store, and everything else is per worker (the analysis
snapshot, rate limits), as for several ``netmap serve`` behind a proxy.

With the embedded store, this process (uvicorn's supervisor) starts the store
once, watches it and starts it again if it dies, and hands every worker its
Bolt address through the environment; the workers connect to it as to any
server. Start-up work (migrations, the demo community, the development token)
is done here once, before the workers start, so they never race on it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from contextlib import ExitStack
from dataclasses import replace

import uvicorn

from netmap.store.connection import WATCH_INTERVAL_S, open_store
from netmap.store.embedded import EmbeddedServer
from netmap.store.settings import EMBEDDED_DATABASE, StoreSettings
from netmap.web.app import AppSettings, start_up

log = logging.getLogger("netmap.workers")


def serve_workers(settings: AppSettings, host: str, port: int, workers: int) -> None:
    """Serve on ``host:port`` with ``workers`` processes until stopped (SIGINT or SIGTERM)."""
    with ExitStack() as stack:
        store = settings.store
        if store.embedded:
            server = stack.enter_context(EmbeddedServer(store.data_dir, store.database or EMBEDDED_DATABASE))
            endpoint = server.endpoint
            store = StoreSettings(
                uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database
            )
            stopped = threading.Event()
            stack.callback(stopped.set)
            threading.Thread(target=_keep_alive, args=(server, stopped), daemon=True).start()
        asyncio.run(_start_up(replace(settings, store=store)))
        os.environ.update(_environment(store, settings))
        uvicorn.run("netmap.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers)


async def _start_up(settings: AppSettings) -> None:
    async with open_store(settings.store, keep_alive=False) as store:
        await start_up(store, settings)


def _environment(store: StoreSettings, settings: AppSettings) -> dict[str, str]:
    """What the workers read with ``StoreSettings.from_env`` and ``ApiSettings.from_env``."""
    found = {"NETMAP_DB_URI": store.uri or "", "NETMAP_DB_USER": store.user, "NETMAP_MODE": settings.api.mode.value}
    if store.password is not None:
        found["NETMAP_DB_PASSWORD"] = store.password
    if store.database is not None:
        found["NETMAP_DB_NAME"] = store.database
    return found


def _keep_alive(server: EmbeddedServer, stopped: threading.Event) -> None:
    """Start the embedded server again whenever its process has died, until ``stopped``."""
    while not stopped.wait(WATCH_INTERVAL_S):
        if not server.running:
            log.error("the embedded store stopped; starting it again")
            try:
                server.start()
                log.info("the embedded store is back")
            except Exception:  # noqa: BLE001 - keep trying; every failure is logged
                log.exception("the embedded store could not be started; trying again")
