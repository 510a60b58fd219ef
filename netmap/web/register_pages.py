"""An organiser's attendance register: tick who came to a session from the
group's participants, register a newcomer there and then with their consent,
and record volunteering hours. Every write goes through ``services.mapping``,
the same functions (and rules) as recordAttendance, registerNewcomer and
recordVolunteering; forms work without JavaScript (POST-redirect-GET)."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.services.context import Context
from netmap.domain.kinds import Role
from netmap.services import mapping
from netmap.services.register import register
from netmap.web.page_kit import context_of, date_param, render
from netmap.web.service_kit import (
    attempt,
    authorise,
    consent_answers,
    keyed,
    day,
    present,
    text,
)

NEWCOMER_ROLES = ((Role.ATTENDEE.value, "Comes along"), (Role.MEMBER.value, "Member"), (Role.VOLUNTEER.value, "Volunteer"))
DONE = {"attendance": "Attendance recorded.", "newcomer": "Welcome! They are now on the register.",
        "volunteering": "Volunteering hours recorded."}  # fmt: skip
READ = ("activity", "participants")


async def _page(
    request: Request, ctx: Context, *, status: int = 200, failed: str | None = None,
    problems: list[dict[str, str]] | None = None, values: dict[str, Any] | None = None, at: date | None = None,
) -> Response:  # fmt: skip
    found = await register(ctx, request.path_params["id"], at or date_param(request, "date"))
    await ctx.record_reads()
    return render(
        request, "register.html", status=status, r=found, a=found.activity, failed=failed, problems=problems or [],
        values=values or {}, roles=NEWCOMER_ROLES, done=DONE.get(request.query_params.get("done", "")),
        today=ctx.today.isoformat(),
    )  # fmt: skip


async def register_page(request: Request) -> Response:
    """GET: the register of a session (``?date=``, default the latest)."""
    ctx = context_of(request)

    async def work() -> Response:
        authorise(ctx, *READ, "recordAttendance")
        return await _page(request, ctx)

    return await work()


async def _post(request: Request, name: str, operation: str, write: Any) -> Response:
    ctx = context_of(request)
    activity_id = request.path_params["id"]

    async def work() -> Response:
        authorise(ctx, *READ, operation)
        form = await request.form()
        keyed(ctx, form)
        _, problems = await attempt(lambda: write(ctx, activity_id, form))
        session = text(form, "date")
        if not problems:
            query = f"?done={name}" + (f"&date={session}" if session and name != "newcomer" else "")
            return RedirectResponse(f"/directory/{activity_id}/register{query}", status_code=303)
        at = day(form, "date")
        return await _page(request, context_of(request), status=422, failed=name, problems=problems, values=dict(form),
                           at=at if isinstance(at, date) else None)  # fmt: skip

    return await work()


async def _attendance(ctx: Context, activity_id: str, form: Any) -> Any:
    people = [str(v) for v in form.getlist("personIds")]
    return await mapping.record_attendance(ctx, {"activity_id": activity_id, "date": day(form, "date"), "person_ids": people})


async def attendance_post(request: Request) -> Response:
    return await _post(request, "attendance", "recordAttendance", _attendance)


async def _volunteering(ctx: Context, activity_id: str, form: Any) -> Any:
    fields = {"activity_id": activity_id, "person_id": text(form, "personId") or "", "date": day(form, "date"),
              "hours": text(form, "hours")}  # fmt: skip
    return await mapping.record_volunteering(ctx, fields)


async def volunteering_post(request: Request) -> Response:
    return await _post(request, "volunteering", "recordVolunteering", _volunteering)


async def _newcomer(ctx: Context, activity_id: str, form: Any) -> Any:
    found = await mapping.activity(ctx, activity_id)
    person = present({"name": str(form.get("name") or ""), "area": text(form, "area")})
    person["consent"] = consent_answers(form)
    fields = present({"organisation_id": found.organisation_id, "role": text(form, "role"), "since": day(form, "since")})
    return await mapping.register_newcomer(ctx, {**fields, "person": person})


async def newcomer_post(request: Request) -> Response:
    return await _post(request, "newcomer", "registerNewcomer", _newcomer)
