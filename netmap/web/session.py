"""Signing in and out of the web pages: a pasted token opens a short-lived
session whose id (never the token) goes into an HttpOnly, SameSite=Strict
cookie, so pages and pictures need no JavaScript to send it. Signing out
deletes the session; revoking the token ends it too."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from starlette.authentication import AuthenticationError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.web.auth import SESSION_COOKIE, BearerBackend, StoreDown
from netmap.store.connection import Store
from netmap.store.errors import StoreUnavailable
from netmap.store.sessions import close_session, open_session
from netmap.web.page_kit import render

SESSION_LASTS = timedelta(hours=8)
"""A working day; never longer than the token it was opened with."""


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a sign-in link must not send people elsewhere."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _from_this_site(request: Request) -> bool:
    """Whether a form was posted from one of this site's pages (login CSRF: another
    site must not sign a browser in under its own token). Browsers send ``Origin``
    with every POST; without it the ``Referer`` decides, and a client that sends
    neither is not a browser another site could drive."""
    own = f"{request.url.scheme}://{request.url.netloc}"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("referer")
    return referer is None or referer == own or referer.startswith(own + "/")


async def sign_in(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "sign_in.html", next=_safe_next(request.query_params.get("next")),
                      problem=request.query_params.get("problem"))  # fmt: skip
    if not _from_this_site(request):
        return render(request, "sign_in.html", status=403, next="/", problem="A sign-in sent from another site is refused.")
    form = await request.form()
    token = str(form.get("token") or "").strip()
    target = _safe_next(str(form.get("next") or ""))
    backend: BearerBackend = request.app.state.auth
    store: Store = request.app.state.store
    try:
        if not token:
            raise AuthenticationError("Paste your token.")
        found = await backend.credential(request, token)
        now = datetime.now(timezone.utc)
        ends = now + SESSION_LASTS
        if found.expires_at is not None:
            ends = min(ends, found.expires_at)
        session_id = await store.write(open_session, found.principal, found.token_id, now, ends - now)
    except (StoreDown, StoreUnavailable) as exc:
        return render(request, "sign_in.html", status=503, next=target, problem=str(exc))
    except AuthenticationError as exc:
        return render(request, "sign_in.html", status=401, next=target, problem=str(exc))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, session_id, max_age=int((ends - now).total_seconds()), httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return response


async def sign_out(request: Request) -> Response:
    """Ends the session in the store, not only in this browser."""
    if session_id := request.cookies.get(SESSION_COOKIE):
        store: Store = request.app.state.store
        await store.write(close_session, session_id)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
