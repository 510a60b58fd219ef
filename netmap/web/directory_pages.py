"""The public activity directory, an activity's page, and the form organisers
use to register an activity and keep it up to date."""

from __future__ import annotations

import asyncio
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain import activities as model
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.records import Organisation
from netmap.services import activities
from netmap.services.context import Context
from netmap.services.policy import grant
from netmap.store.activities import ActivityFilter
from netmap.web.page_kit import PageError, context_of, render

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
REPEATS = (("WEEKLY", "Every week"), ("FORTNIGHTLY", "Every other week"), ("MONTHLY", "Once a month"),
           ("ONE_OFF", "On particular dates"))  # fmt: skip
STATUSES = ("ACTIVE", "PAUSED", "ENDED")
NEXT_SESSIONS = 3


async def directory_page(request: Request) -> Response:
    params = request.query_params
    weekday = params.get("weekday") if params.get("weekday") in WEEKDAYS else None
    filters = {"text": params.get("text") or None, "interest": params.get("interest") or None,
               "area": params.get("area") or None, "weekday": weekday, "free": True if params.get("free") else None}  # fmt: skip
    ctx = context_of(request)
    where = ActivityFilter(
        text=filters["text"], interest=filters["interest"], area=filters["area"],
        weekday=model.Weekday(weekday) if weekday else None, free=filters["free"],
    )  # fmt: skip
    page = await activities.activities(ctx, where)
    listed = await asyncio.gather(*(shown(ctx, a) for a in page.items))
    return render(
        request, "directory.html", activities=listed, filters=filters, weekdays=WEEKDAYS,
        can_register=grant("createActivity", ctx.principal) is not None,
    )  # fmt: skip


async def activity_page(request: Request) -> Response:
    activity = await _activity(request)
    return render(
        request, "activity.html", a=activity, can_edit=_may_edit(request, activity),
        saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


async def new_activity_page(request: Request) -> Response:
    """GET: the empty form. POST: register the activity, or show the form again with every problem."""
    ctx = context_of(request)
    organisations = await activities.organisations_for_new(ctx)
    if request.method == "GET":
        first = organisations[0].id if organisations else ""
        return _form(request, {"organisationId": first, "repeat": "WEEKLY", "starts": date.today().isoformat()},
                     organisations=organisations)  # fmt: skip
    return await _save(request, ctx, None, organisations=organisations)


async def edit_activity_page(request: Request) -> Response:
    activity = await _activity(request)
    if not _may_edit(request, activity):
        raise PageError(403, "Not yours to change", "Only its organisers may change this activity.")
    if request.method == "GET":
        return _form(request, form_values(activity), activity_id=activity["id"])
    return await _save(request, context_of(request), activity["id"], activity_id=activity["id"])


async def _save(request: Request, ctx: Context, changing: str | None, **form: Any) -> Response:
    """Check the posted form, save it (a new activity, or the one ``changing``), and show the saved
    activity, or the form again with every problem."""
    posted = await request.form()
    fields, problems = activity_input(posted, creating=changing is None)
    if not problems:
        try:
            if changing is None:
                saved = await activities.create(ctx, fields)
            else:
                saved = await activities.update(ctx, changing, fields)
        except InvalidInput as exc:
            problems = list(exc.problems)
        else:
            return RedirectResponse(f"/directory/{saved.id}?saved=1", status_code=303)
    return _form(request, dict(posted), problems=problems, status=422, **form)


def _form(request: Request, values: dict[str, Any], status: int = 200, **context: Any) -> Response:
    context.setdefault("problems", [])
    context.setdefault("activity_id", None)
    context.setdefault("organisations", [])
    return render(
        request, "activity_form.html", status=status, form=values, weekdays=WEEKDAYS, repeats=REPEATS,
        statuses=STATUSES, **context,
    )  # fmt: skip


def _may_edit(request: Request, activity: dict[str, Any]) -> bool:
    return activities.may_change(context_of(request), activity["organisation"]["id"])


async def _activity(request: Request) -> dict[str, Any]:
    """The activity of the URL as the pages show it; an unknown id is a 404 page."""
    ctx = context_of(request)
    return await shown(ctx, await activities.activity(ctx, request.path_params["id"]))


async def shown(ctx: Context, activity: model.Activity) -> dict[str, Any]:
    """An activity as the directory's templates show it (the API's field names, dates as text)."""
    organisation: Organisation = await activities.organisation_of(ctx, activity)
    s = activity.schedule
    return {
        "id": activity.id, "title": activity.title, "description": activity.description,
        "interests": list(activity.interests), "venue": activity.venue, "area": activity.area,
        "accessibility": list(activity.accessibility), "costPence": activity.cost_pence,
        "costNote": activity.cost_note, "contact": activity.contact, "status": activity.status.value,
        "free": activity.free,
        "schedule": {
            "repeat": s.repeat.value, "starts": s.starts.isoformat(), "ends": _iso(s.ends),
            "dates": [d.isoformat() for d in s.dates], "weekday": s.weekday.value if s.weekday else None,
            "weekOfMonth": s.week_of_month, "at": _iso(s.at), "finishes": _iso(s.finishes),
        },
        "nextSessions": [d.isoformat() for d in activities.next_sessions(activity, ctx.today, NEXT_SESSIONS)],
        "organisation": {"id": organisation.id, "name": organisation.name},
    }  # fmt: skip


def _iso(value: date | time | None) -> str | None:
    return value.isoformat() if value is not None else None


def _text(form: FormData, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def _list(form: FormData, name: str) -> list[str]:
    return [part.strip() for part in str(form.get(name) or "").split(",") if part.strip()]


def activity_input(form: FormData, *, creating: bool) -> tuple[dict[str, Any], list[Problem]]:
    """The form as ``services.activities``' input, and the problems found before asking it
    (amounts, numbers and dates a browser may let through), named as the API names its fields."""
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, "INVALID_INPUT", message))

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
                "weekday": _text(form, "weekday"), "week_of_month": week, "at": _text(form, "at"),
                "finishes": _text(form, "finishes")}  # fmt: skip
    fields: dict[str, Any] = {
        "title": str(form.get("title") or "").strip(), "schedule": schedule,
        "description": _text(form, "description"), "interests": _list(form, "interests"),
        "venue": _text(form, "venue"), "area": _text(form, "area"), "accessibility": _list(form, "accessibility"),
        "cost_pence": cost_pence, "cost_note": _text(form, "costNote"), "contact": _text(form, "contact"),
    }  # fmt: skip
    if creating:
        fields["organisation_id"] = _text(form, "organisationId") or ""
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
