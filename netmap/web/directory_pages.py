"""The public activity directory, an activity's page, and the form organisers
use to register an activity and keep it up to date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.access import AccessRole
from netmap.web.page_kit import PageError, answer, ask, error_page, is_refusal, page_error, principal_of, render

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
REPEATS = (("WEEKLY", "Every week"), ("FORTNIGHTLY", "Every other week"), ("MONTHLY", "Once a month"),
           ("ONE_OFF", "On particular dates"))  # fmt: skip
STATUSES = ("ACTIVE", "PAUSED", "ENDED")

ACTIVITY_FIELDS = """
id title description interests venue area accessibility costPence costNote contact status free
schedule { repeat starts ends dates weekday weekOfMonth at finishes }
nextSessions(count: 3)
organisation { id name }
"""

ACTIVITIES = f"""
query Directory($text: String, $interest: String, $area: String, $weekday: Weekday, $free: Boolean) {{
  activities(text: $text, interest: $interest, area: $area, weekday: $weekday, free: $free, first: 100) {{
    edges {{ node {{ {ACTIVITY_FIELDS} }} }}
  }}
}}
"""
ACTIVITY = f"query Activity($id: ID!) {{ activity(id: $id) {{ {ACTIVITY_FIELDS} }} }}"
ORGANISATIONS = "query { organisations(first: 100) { edges { node { id name kind } } } }"
CREATE = "mutation Create($input: ActivityInput!) { createActivity(input: $input) { id } }"
UPDATE = "mutation Update($id: ID!, $input: ActivityUpdateInput!) { updateActivity(id: $id, input: $input) { id } }"


async def directory_page(request: Request) -> Response:
    params = request.query_params
    weekday = params.get("weekday") if params.get("weekday") in WEEKDAYS else None
    filters = {"text": params.get("text") or None, "interest": params.get("interest") or None,
               "area": params.get("area") or None, "weekday": weekday, "free": True if params.get("free") else None}  # fmt: skip
    try:
        data = await ask(request, ACTIVITIES, filters)
    except PageError as error:
        return error_page(request, error)
    activities = [edge["node"] for edge in data["activities"]["edges"]]
    return render(
        request, "directory.html", activities=activities, filters=filters, weekdays=WEEKDAYS,
        can_register=_role(request) in (AccessRole.ADMIN, AccessRole.COMMUNITY_ORGANISER),
    )  # fmt: skip


async def activity_page(request: Request) -> Response:
    try:
        activity = await _activity(request)
    except PageError as error:
        return error_page(request, error)
    return render(
        request, "activity.html", a=activity, can_edit=_may_edit(request, activity),
        saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


async def new_activity_page(request: Request) -> Response:
    """GET: the empty form. POST: register the activity, or show the form again with every problem."""
    try:
        organisations = await _organisations(request)
    except PageError as error:
        return error_page(request, error)
    if request.method == "GET":
        first = organisations[0]["id"] if organisations else ""
        return _form(request, {"organisationId": first, "repeat": "WEEKLY", "starts": date.today().isoformat()},
                     organisations=organisations)  # fmt: skip
    return await _save(request, CREATE, {}, creating=True, organisations=organisations)


async def edit_activity_page(request: Request) -> Response:
    try:
        activity = await _activity(request)
    except PageError as error:
        return error_page(request, error)
    if not _may_edit(request, activity):
        return error_page(request, PageError(403, "Not yours to change", "Only its organisers may change this activity."))
    if request.method == "GET":
        return _form(request, form_values(activity), activity_id=activity["id"])
    return await _save(request, UPDATE, {"id": activity["id"]}, creating=False, activity_id=activity["id"])


async def _save(request: Request, mutation: str, variables: dict[str, Any], *, creating: bool, **form: Any) -> Response:
    """Check the posted form, send it, and show the saved activity, or the form again with every problem."""
    posted = await request.form()
    fields, problems = activity_input(posted, creating=creating)
    if not problems:
        found = await answer(request, mutation, {**variables, "input": fields})
        if not found.errors and found.data is not None:
            [saved] = found.data.values()
            return RedirectResponse(f"/directory/{saved['id']}?saved=1", status_code=303)
        if is_refusal(found):
            return error_page(request, page_error(found))
        problems = found.problems
    return _form(request, dict(posted), problems=problems, status=422, **form)


def _form(request: Request, values: dict[str, Any], status: int = 200, **context: Any) -> Response:
    context.setdefault("problems", [])
    context.setdefault("activity_id", None)
    context.setdefault("organisations", [])
    return render(
        request, "activity_form.html", status=status, form=values, weekdays=WEEKDAYS, repeats=REPEATS,
        statuses=STATUSES, **context,
    )  # fmt: skip


def _role(request: Request) -> AccessRole | None:
    principal = principal_of(request)
    return principal.role if principal else None


def _may_edit(request: Request, activity: dict[str, Any]) -> bool:
    principal = principal_of(request)
    if principal is None:
        return False
    if principal.role is AccessRole.ADMIN:
        return True
    return principal.role is AccessRole.COMMUNITY_ORGANISER and principal.scope_id == activity["organisation"]["id"]


async def _activity(request: Request) -> dict[str, Any]:
    activity = (await ask(request, ACTIVITY, {"id": request.path_params["id"]}))["activity"]
    if activity is None:
        raise PageError(404, "Not found", "There is no such activity.")
    return activity


async def _organisations(request: Request) -> list[dict[str, Any]]:
    """Who the caller may register an activity for: all (admins) or their own group (organisers)."""
    principal = principal_of(request)
    if principal is None:
        raise PageError(401, "Please sign in", "Sign in to register an activity.")
    if principal.role not in (AccessRole.ADMIN, AccessRole.COMMUNITY_ORGANISER):
        raise PageError(403, "Not for your role", "Community organisers and admins register activities.")
    data = await ask(request, ORGANISATIONS)
    found = [edge["node"] for edge in data["organisations"]["edges"]]
    if principal.role is AccessRole.COMMUNITY_ORGANISER:
        found = [o for o in found if o["id"] == principal.scope_id]
    return found


def _text(form: FormData, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def _list(form: FormData, name: str) -> list[str]:
    return [part.strip() for part in str(form.get(name) or "").split(",") if part.strip()]


def activity_input(form: FormData, *, creating: bool) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The form as the API's input, and the problems found before asking the API
    (amounts, numbers and dates a browser may let through)."""
    problems: list[dict[str, str]] = []

    def problem(field: str, message: str) -> None:
        problems.append({"field": field, "code": "INVALID_INPUT", "message": message})

    if not str(form.get("title") or "").strip():
        problem("title", "must not be empty")
    cost_pence = None
    if (cost := _text(form, "cost")) is not None:
        try:
            cost_pence = int(Decimal(cost.lstrip("£")) * 100)
        except InvalidOperation:
            problem("costPence", "enter an amount in pounds, like 2.50 (0 for free)")
    week = None
    if (raw_week := _text(form, "weekOfMonth")) is not None:
        week = int(raw_week) if raw_week.isdigit() else None
        if week is None:
            problem("schedule.weekOfMonth", "a number from 1 to 5")
    for name in ("starts", "ends"):
        if (value := _text(form, name)) is not None and not _is_date(value):
            problem(f"schedule.{name}", "a date, YYYY-MM-DD")
    if _text(form, "starts") is None:
        problem("schedule.starts", "when does it start?")
    dates = _list(form, "dates")
    if not all(_is_date(d) for d in dates):
        problem("schedule.dates", "dates as YYYY-MM-DD, separated with commas")
    repeat = _text(form, "repeat") or "WEEKLY"
    schedule = {"repeat": repeat, "starts": _text(form, "starts"), "ends": _text(form, "ends"), "dates": dates,
                "weekday": _text(form, "weekday"), "weekOfMonth": week, "at": _text(form, "at"),
                "finishes": _text(form, "finishes")}  # fmt: skip
    fields: dict[str, Any] = {
        "title": str(form.get("title") or "").strip(), "schedule": schedule,
        "description": _text(form, "description"), "interests": _list(form, "interests"),
        "venue": _text(form, "venue"), "area": _text(form, "area"), "accessibility": _list(form, "accessibility"),
        "costPence": cost_pence, "costNote": _text(form, "costNote"), "contact": _text(form, "contact"),
    }  # fmt: skip
    if creating:
        fields["organisationId"] = _text(form, "organisationId") or ""
    elif (status := _text(form, "status")) in STATUSES:
        fields["status"] = status
    return fields, problems


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def form_values(activity: dict[str, Any]) -> dict[str, Any]:
    """An activity as the form shows it."""
    schedule = activity["schedule"]
    pence = activity.get("costPence")
    return {
        "title": activity["title"], "description": activity.get("description"),
        "interests": ", ".join(activity["interests"]), "repeat": schedule["repeat"], "starts": schedule["starts"],
        "ends": schedule.get("ends"), "weekday": schedule.get("weekday"), "weekOfMonth": schedule.get("weekOfMonth"),
        "dates": ", ".join(schedule.get("dates") or []), "at": (schedule.get("at") or "")[:5],
        "finishes": (schedule.get("finishes") or "")[:5], "venue": activity.get("venue"), "area": activity.get("area"),
        "accessibility": ", ".join(activity["accessibility"]),
        "cost": None if pence is None else f"{pence / 100:.2f}", "costNote": activity.get("costNote"),
        "contact": activity.get("contact"), "status": activity["status"],
    }  # fmt: skip
