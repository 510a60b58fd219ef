"""Administration in the browser: tokens (made, listed, revoked; a new token shown
once) and planners' caseloads. Every action is the GraphQL API's (createToken,
revokeToken, assignCaseload, …), so it is permitted and audited as there, and as
``netmap token`` is."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.access import AccessRole
from netmap.web.page_kit import PageError, answer, ask, error_page, is_refusal, page_error, principal_of, render

TOKEN_FIELDS = "id name subject role scopeId createdAt expiresAt revokedAt usable"
TOKENS = f"query {{ tokens {{ {TOKEN_FIELDS} }} }}"
CREATE = f"mutation($input: TokenInput!) {{ createToken(input: $input) {{ token record {{ {TOKEN_FIELDS} }} }} }}"
REVOKE = "mutation($id: ID!) { revokeToken(id: $id) { id } }"
CASELOAD = "query($planner: String) { caseload(planner: $planner) { id name area } }"
FIND = "query($search: String) { people(search: $search, first: 25) { nodes { id name area } } }"
ASSIGN = "mutation($planner: String!, $ids: [ID!]!) { assignCaseload(planner: $planner, personIds: $ids) }"
UNASSIGN = "mutation($planner: String!, $ids: [ID!]!) { unassignCaseload(planner: $planner, personIds: $ids) }"
ROLES = [role.value for role in AccessRole]
NO_STORE = {"Cache-Control": "no-store"}


def _admin_only(request: Request) -> None:
    principal = principal_of(request)
    if principal is None:
        raise PageError(401, "Please sign in", "Sign in as an administrator.")
    if principal.role is not AccessRole.ADMIN:
        raise PageError(403, "Not yours to see", "Only administrators manage tokens and caseloads.")


async def tokens_page(request: Request) -> Response:
    """GET: the tokens and the form. POST: make a token and show it, once."""
    try:
        _admin_only(request)
        if request.method == "GET":
            return await _tokens(request, {"role": "planner"}, revoked=request.query_params.get("revoked"))
        posted = await request.form()
        form = {k: str(posted.get(k) or "").strip() for k in ("role", "subject", "name", "scopeId", "expiresAt")}
        variables = {"input": {
            "role": form["role"].upper(), "subject": form["subject"], "name": form["name"] or None,
            "scopeId": form["scopeId"] or None,
            "expiresAt": f"{form['expiresAt']}T00:00:00+00:00" if form["expiresAt"] else None,
        }}  # fmt: skip
        found = await answer(request, CREATE, variables)
        if is_refusal(found):
            raise page_error(found)
        if found.errors or found.data is None:
            return await _tokens(request, form, problems=found.problems, status=422)
        return await _tokens(request, {"role": "planner"}, made=found.data["createToken"])
    except PageError as error:
        return error_page(request, error)


async def revoke_page(request: Request) -> Response:
    try:
        _admin_only(request)
        await ask(request, REVOKE, {"id": request.path_params["id"]})
    except PageError as error:
        return error_page(request, error)
    return RedirectResponse("/admin/tokens?" + urlencode({"revoked": request.path_params["id"]}), status_code=303)


async def _tokens(request: Request, form: dict[str, Any], status: int = 200, **context: Any) -> Response:
    listed = (await ask(request, TOKENS))["tokens"]
    context.setdefault("problems", [])
    response = render(request, "admin_tokens.html", status=status, tokens=listed, form=form, roles=ROLES, **context)
    response.headers.update(NO_STORE)
    return response


async def caseloads_page(request: Request) -> Response:
    """GET: a planner's caseload and people to add. POST: add or take off one person."""
    try:
        _admin_only(request)
        if request.method == "POST":
            posted = await request.form()
            planner = str(posted.get("planner") or "").strip()
            mutation = ASSIGN if posted.get("action") == "assign" else UNASSIGN
            await ask(request, mutation, {"planner": planner, "ids": [str(posted.get("personId") or "")]})
            query = {"planner": planner, "search": str(posted.get("search") or ""), "done": posted.get("action") or ""}
            return RedirectResponse("/admin/caseloads?" + urlencode(query), status_code=303)
        planner = request.query_params.get("planner", "").strip()
        search = request.query_params.get("search", "").strip()
        caseload = (await ask(request, CASELOAD, {"planner": planner}))["caseload"] if planner else []
        found = (await ask(request, FIND, {"search": search}))["people"]["nodes"] if planner and search else []
        on_it = {p["id"] for p in caseload}
        return render(
            request, "admin_caseloads.html", planner=planner, search=search, caseload=caseload,
            found=[p for p in found if p["id"] not in on_it], done=request.query_params.get("done"),
        )  # fmt: skip
    except PageError as error:
        return error_page(request, error)
