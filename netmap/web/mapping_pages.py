"""Map with them: the planner and the person fill in the map together, in the
browser. Every write goes through ``services.mapping`` — the same functions,
checks, validation, audit and transaction as the API's mutations — and every
form works without JavaScript: a POST answers with a redirect to the map
(POST-redirect-GET), or with the map again, the problems shown by field and
nothing written."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.services.context import Context
from netmap.domain.errors import NotFound
from netmap.domain.kinds import Closeness, ContactFrequency, Role, TieKind
from netmap.domain.records import Participation, Tie
from netmap.services import mapping
from netmap.services.person_map import COMMUNITY_ROLES, PersonMap, choices, directory, person_map
from netmap.web.page_kit import PageError, context_of, render
from netmap.web.service_kit import (
    attempt,
    authorise,
    consent_answers,
    keyed,
    day,
    may,
    present,
    text,
)

KINDS = (
    (TieKind.FAMILY, "Family"), (TieKind.PARTNER, "Partner"), (TieKind.FRIEND, "Friend"),
    (TieKind.NEIGHBOUR, "Neighbour"), (TieKind.PEER_SUPPORT, "Peer supporter"), (TieKind.COLLEAGUE, "Colleague"),
    (TieKind.ACQUAINTANCE, "Acquaintance"), (TieKind.PAID_SUPPORT, "Paid supporter"),
)  # fmt: skip
CLOSENESS = ((Closeness.CLOSEST, "Closest"), (Closeness.CLOSE, "Close"), (Closeness.FURTHER, "Further out"))
FREQUENCY = (
    (ContactFrequency.WEEKLY, "Weekly or more"), (ContactFrequency.MONTHLY, "Monthly or more"),
    (ContactFrequency.LESS_OFTEN, "Less often"),
)  # fmt: skip
ROLES = tuple((r, r.value.capitalize() if r is not Role.ROLE else "A role (give its title)") for r in COMMUNITY_ROLES)
DONE = {
    "consent": "Consent recorded.", "tie": "Added to the map.", "group": "Added to the map.",
    "ended": "Ended; it stays in the history.", "corrected": "Corrected; the earlier version is kept below.",
}  # fmt: skip
MAPPING = ("person", "recordTie")
"""To open the map: see the person, and be a role that maps."""


def _map_url(person_id: str, done: str | None = None, anchor: str = "") -> str:
    return f"/people/{person_id}/map" + (f"?done={done}" if done else "") + (f"#{anchor}" if anchor else "")


def _choices_of(values: list[tuple[Any, str]]) -> list[tuple[str, str]]:
    return [(v.value, label) for v, label in values]


async def _page(
    request: Request, ctx: Context, person_id: str, *, status: int = 200, failed: str | None = None,
    problems: list[dict[str, str]] | None = None, values: dict[str, Any] | None = None,
) -> Response:  # fmt: skip
    """The map page; after a refused form, that form (``failed``) shows its problems and what was entered."""
    found = await person_map(ctx, person_id)
    search = request.query_params.get("find", "").strip()
    people = await choices(ctx, search, exclude=person_id) if search else []
    groups = await directory(ctx)
    await ctx.record_reads()
    return render(
        request, "map.html", status=status, m=found, p=found.person, search=search, people=people, groups=groups,
        kinds=_choices_of(list(KINDS)), closeness=_choices_of(list(CLOSENESS)), frequency=_choices_of(list(FREQUENCY)),
        roles=_choices_of(list(ROLES)), failed=failed, problems=problems or [], values=values or {},
        done=DONE.get(request.query_params.get("done", "")), today=ctx.today.isoformat(),
        may_consent=may(ctx, "recordConsent"), may_add_contact=may(ctx, "createPerson"),
    )  # fmt: skip


async def map_page(request: Request) -> Response:
    """GET: the person's map, the consent answers and the forms to add to it."""
    ctx = context_of(request)

    async def work() -> Response:
        authorise(ctx, *MAPPING)
        return await _page(request, ctx, request.path_params["id"])

    return await work()


async def _post(request: Request, form_name: str, operations: tuple[str, ...], write: Any, anchor: str) -> Response:
    """One form's POST: run ``write(ctx, form)``; redirect to the map, or show the map again with the problems."""
    ctx = context_of(request)
    person_id = request.path_params["id"]

    async def work() -> Response:
        authorise(ctx, *MAPPING, *operations)
        form = await request.form()
        keyed(ctx, form)
        _, problems = await attempt(lambda: write(ctx, person_id, form))
        if not problems:
            return RedirectResponse(_map_url(person_id, form_name, anchor), status_code=303)
        return await _page(request, ctx, person_id, status=422, failed=form_name, problems=problems, values=dict(form))

    return await work()


def _tie_fields(form: Any) -> dict[str, Any]:
    return present({
        "kind": text(form, "kind"), "since": day(form, "since"), "label": text(form, "label"),
        "closeness": text(form, "closeness"), "contact_frequency": text(form, "contactFrequency"),
    })  # fmt: skip


async def _consent(ctx: Context, person_id: str, form: Any) -> Any:
    return await mapping.record_consent(ctx, person_id, consent_answers(form))


async def consent_post(request: Request) -> Response:
    return await _post(request, "consent", ("recordConsent",), _consent, "consent")


async def _existing(ctx: Context, person_id: str, form: Any) -> Tie:
    return await mapping.record_tie(ctx, {"person_id": person_id, "other_id": text(form, "otherId") or "", **_tie_fields(form)})


async def tie_post(request: Request) -> Response:
    return await _post(request, "tie", (), _existing, "contacts")


async def _new_contact(ctx: Context, person_id: str, form: Any) -> Tie:
    contact = present({"name": str(form.get("name") or ""), "area": text(form, "area")})
    return await mapping.add_contact(ctx, person_id, contact, _tie_fields(form))


async def new_contact_post(request: Request) -> Response:
    return await _post(request, "tie", ("createPerson",), _new_contact, "contacts")


async def _group(ctx: Context, person_id: str, form: Any) -> Participation:
    fields = present({"organisation_id": text(form, "organisationId") or "", "role": text(form, "role"),
                      "title": text(form, "title"), "since": day(form, "since")})  # fmt: skip
    return await mapping.record_participation(ctx, {"person_id": person_id, **fields})


async def group_post(request: Request) -> Response:
    return await _post(request, "group", ("recordParticipation",), _group, "groups")


def _record(found: PersonMap, kind: str, record_id: str) -> tuple[Any, str]:
    """A tie or participation of this person's map, with what it is called here; NOT_FOUND otherwise."""
    if kind == "ties":
        for contact in found.contacts:
            for tie in contact.ties:
                if tie.id == record_id:
                    return tie, contact.shown.name
        for tie, shown in found.ended:
            if tie.id == record_id:
                return tie, shown.name
        raise NotFound("tie", record_id)
    for part, organisation in (*found.participations, *found.ended_participations):
        if part.id == record_id:
            return part, organisation.name if organisation else "?"
    raise NotFound("participation", record_id)


async def _record_page(
    request: Request, ctx: Context, *, status: int = 200, failed: str | None = None,
    problems: list[dict[str, str]] | None = None, values: dict[str, Any] | None = None,
) -> Response:  # fmt: skip
    kind, record_id = request.path_params["kind"], request.path_params["record"]
    if kind not in ("ties", "groups"):
        raise PageError(404, "Not found", "There is no such page.")
    found = await person_map(ctx, request.path_params["id"])
    record, name = _record(found, kind, record_id)
    await ctx.record_reads()
    return render(
        request, "map_record.html", status=status, p=found.person, kind=kind, r=record, name=name,
        corrections=found.corrections.get(record.id, ()), kinds=_choices_of(list(KINDS)),
        closeness=_choices_of(list(CLOSENESS)), frequency=_choices_of(list(FREQUENCY)), roles=_choices_of(list(ROLES)),
        failed=failed, problems=problems or [], values=values or {}, today=ctx.today.isoformat(),
    )  # fmt: skip


_OPERATIONS = {("ties", "end"): "endTie", ("ties", "correct"): "correctTie",
               ("groups", "end"): "endParticipation", ("groups", "correct"): "correctParticipation"}  # fmt: skip


async def record_page(request: Request) -> Response:
    """GET: one tie or participation, to end or correct, with its corrections."""
    ctx = context_of(request)

    async def work() -> Response:
        authorise(ctx, *MAPPING)
        return await _record_page(request, ctx)

    return await work()


async def record_change_post(request: Request) -> Response:
    """POST: end or correct the tie or participation; back to the map, or the form again with its problems."""
    ctx = context_of(request)
    kind, record_id, change = request.path_params["kind"], request.path_params["record"], request.path_params["change"]
    person_id = request.path_params["id"]
    operation = _OPERATIONS.get((kind, change))

    async def work() -> Response:
        if operation is None:
            raise PageError(404, "Not found", "There is no such page.")
        authorise(ctx, *MAPPING, operation)
        found = await person_map(ctx, person_id)
        _record(found, kind, record_id)  # it must be in this person's map
        form = await request.form()
        keyed(ctx, form)
        _, problems = await attempt(lambda: _change(ctx, kind, change, record_id, form))
        if not problems:
            return RedirectResponse(_map_url(person_id, "ended" if change == "end" else "corrected", kind), status_code=303)
        return await _record_page(request, context_of(request), status=422, failed=change, problems=problems, values=dict(form))

    return await work()


async def _change(ctx: Context, kind: str, change: str, record_id: str, form: Any) -> Any:
    if change == "end":
        end = mapping.end_tie if kind == "ties" else mapping.end_participation
        return await end(ctx, record_id, day(form, "until"), text(form, "reason"))  # type: ignore[arg-type]
    fields = present({"reason": str(form.get("reason") or ""), "since": day(form, "since")})
    if kind == "ties":
        fields |= present({"kind": text(form, "kind"), "label": text(form, "label")})
        fields |= {name: text(form, field) for name, field in (("closeness", "closeness"), ("contact_frequency", "contactFrequency"))
                   if field in form}  # fmt: skip
        return await mapping.correct_tie(ctx, record_id, fields)
    fields |= present({"role": text(form, "role"), "title": text(form, "title")})
    return await mapping.correct_participation(ctx, record_id, fields)
