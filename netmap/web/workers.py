"""``netmap serve --workers N``: several worker processes answering on one port.

One Python process keeps one core busy; a second worker uses the other. The
workers share the store, and everything else is per worker (the analysis
snapshot, rate limits), as for several ``netmap serve`` behind a proxy.

With the embedded store, this process (uvicorn's supervisor) opens the store
once (starting its server, unless another netmap process on the folder runs
it), watches it, starts it again if it dies or takes over if its owner goes,
and hands every worker its Bolt address through the environment; the workers
connect to it as to any server. Start-up work (migrations, the demo community, the development token)
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
from netmap.store.settings import EMBEDDED_DATABASE, StoreSettings
from netmap.store.shared import EmbeddedClaim
from netmap.web.app import AppSettings, start_up

log = logging.getLogger("netmap.workers")


def serve_workers(settings: AppSettings, host: str, port: int, workers: int) -> None:
    """Serve on ``host:port`` with ``workers`` processes until stopped (SIGINT or SIGTERM)."""
    with ExitStack() as stack:
        store = settings.store
        if store.embedded:
            claim = EmbeddedClaim(store.data_dir, store.database or EMBEDDED_DATABASE)
            endpoint = claim.open()
            stack.callback(claim.close)
            store = StoreSettings(
                uri=endpoint.uri, user=endpoint.user, password=endpoint.password, database=endpoint.database
            )
            stopped = threading.Event()
            stack.callback(stopped.set)
            threading.Thread(target=_keep_alive, args=(claim, stopped), daemon=True).start()
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


def _keep_alive(claim: EmbeddedClaim, stopped: threading.Event) -> None:
    """Keep the embedded store reachable until ``stopped``: start it again when it died,
    take it over when its owner went (on the same ports when they are free)."""
    while not stopped.wait(WATCH_INTERVAL_S):
        try:
            moved = claim.refresh()
        except Exception:  # noqa: BLE001 - keep trying; every failure is logged
            log.exception("the embedded store could not be started; trying again")
            continue
        if moved is not None:
            log.error("the embedded store moved to %s; the workers cannot follow: restart netmap serve", moved.uri)
