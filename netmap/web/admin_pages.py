"""Administration in the browser: tokens (made, listed, revoked; a new token shown
once) and planners' caseloads. Every action is a ``services.admin`` function, so it
is permitted and audited as through the API and as ``netmap token`` is."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.access import AccessRole
from netmap.domain.errors import InvalidInput, Problem
from netmap.services import admin, people
from netmap.services.context import Context
from netmap.store.people import PeopleFilter
from netmap.web.page_kit import context_of, render

ROLES = [role.value for role in AccessRole]
NO_STORE = {"Cache-Control": "no-store"}
FOUND_AT_MOST = 25


async def tokens_page(request: Request) -> Response:
    """GET: the tokens and the form. POST: make a token and show it, once."""
    ctx = context_of(request)
    if request.method == "GET":
        return await _tokens(ctx, request, {"role": "planner"}, revoked=request.query_params.get("revoked"))
    ctx.allow("createToken")
    posted = await request.form()
    form = {k: str(posted.get(k) or "").strip() for k in ("role", "subject", "name", "scopeId", "expiresAt")}
    try:
        role, expires = token_form(form)
        made = await admin.create_token(
            ctx, role, form["subject"], form["name"] or None, form["scopeId"] or None, expires
        )
    except InvalidInput as exc:
        return await _tokens(ctx, request, form, problems=exc.problems, status=422)
    return await _tokens(ctx, request, {"role": "planner"}, made=made)


def token_form(form: dict[str, str]) -> tuple[AccessRole, datetime | None]:
    """The role and expiry the form gives; a role or date that is not one is a problem of its field."""
    problems = []
    role = next((r for r in AccessRole if r.value == form["role"].lower()), None)
    if role is None:
        problems.append(Problem("role", "INVALID_INPUT", f"one of {', '.join(ROLES)}"))
    expires = None
    if form["expiresAt"]:
        try:
            expires = datetime.combine(date.fromisoformat(form["expiresAt"]), time(), timezone.utc)
        except ValueError:
            problems.append(Problem("expiresAt", "INVALID_INPUT", "a date, YYYY-MM-DD"))
    if problems or role is None:
        raise InvalidInput(problems)
    return role, expires


async def revoke_page(request: Request) -> Response:
    await admin.revoke_token(context_of(request), request.path_params["id"])
    return RedirectResponse("/admin/tokens?" + urlencode({"revoked": request.path_params["id"]}), status_code=303)


async def _tokens(ctx: Context, request: Request, form: dict[str, Any], status: int = 200, **context: Any) -> Response:
    listed = await admin.tokens(ctx)
    context.setdefault("problems", [])
    response = render(
        request, "admin_tokens.html", status=status, tokens=listed, form=form, roles=ROLES,
        now=datetime.now(timezone.utc), **context,
    )  # fmt: skip
    response.headers.update(NO_STORE)
    return response


async def caseloads_page(request: Request) -> Response:
    """GET: a planner's caseload and people to add. POST: add or take off one person."""
    ctx = context_of(request)
    ctx.allow("assignCaseload")
    if request.method == "POST":
        posted = await request.form()
        planner = str(posted.get("planner") or "").strip()
        change = admin.assign if posted.get("action") == "assign" else admin.unassign
        await change(ctx, planner, [str(posted.get("personId") or "")])
        query = {"planner": planner, "search": str(posted.get("search") or ""), "done": posted.get("action") or ""}
        return RedirectResponse("/admin/caseloads?" + urlencode(query), status_code=303)
    planner = request.query_params.get("planner", "").strip()
    search = request.query_params.get("search", "").strip()
    caseload = await admin.caseload_of(ctx, planner) if planner else []
    found = []
    if planner and search:
        _, seen = await people.list_people(ctx, PeopleFilter(search=search), first=FOUND_AT_MOST)
        on_it = {p.id for p in caseload}
        found = [p for p in seen if p is not None and p.id not in on_it]
    await ctx.record_reads()
    return render(
        request, "admin_caseloads.html", planner=planner, search=search, caseload=caseload, found=found,
        done=request.query_params.get("done"),
    )  # fmt: skip
