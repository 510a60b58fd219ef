"""A service's reflections: the list, the form that records one as the group held it, and a
reflection's page with netmap's evidence beside the group's choice and how it moved after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.analysis.assessment import INDICATOR_LABELS, PrincipleEvidence, indicator_value
from netmap.domain import reflections as model
from netmap.domain.coproduction import Colour, Principle, Stage
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.records import Organisation
from netmap.domain.reflections import ActionStatus, Capacity
from netmap.services import reflections
from netmap.services.context import Context
from netmap.web.page_kit import context_of, render

ACTIONS_PER_PRINCIPLE = 3
"""The tool asks for two or three actions per principle."""
OVERALL_ACTIONS = 2

PRINCIPLES = [
    (Principle.PEOPLE_AS_ASSETS.value, "People as assets",
     "Do people who use the service help design, run and evaluate it, with their skills and experience?"),
    (Principle.VALUING_WORK_DIFFERENTLY.value, "Valuing work differently",
     "Is unpaid contribution recognised and rewarded, for example through a timebank the service supports?"),
    (Principle.RECIPROCITY.value, "Promoting reciprocity",
     "Does everyone who gets support have a chance to give something back?"),
    (Principle.BUILDING_SOCIAL_NETWORKS.value, "Building social networks",
     "Does the service help people to be, or become, part of their local community?"),
]  # fmt: skip
CAPACITIES = [
    (Capacity.PERSON_USING_THE_SERVICE.value, "People who use the service"),
    (Capacity.FAMILY.value, "Family members"),
    (Capacity.STAFF.value, "Staff"),
    (Capacity.MANAGER.value, "Managers"),
    (Capacity.BOARD_MEMBER.value, "Board members"),
    (Capacity.COMMUNITY_MEMBER.value, "Community members"),
    (Capacity.COMMISSIONER.value, "Commissioners"),
    (Capacity.OTHER.value, "Others"),
]
STAGES = [(s.value, s.label) for s in Stage]
COLOURS = [c.value for c in Colour]
STATUSES = [s.value for s in ActionStatus]



@dataclass(frozen=True)
class PrincipleShown:
    """One principle of a reflection as its page shows it: the group's judgement, and netmap's
    figures beside it, on the day and month by month (services only)."""

    judged: reflections.Judged
    measured: PrincipleEvidence | None
    beside: str | None
    moved: reflections.Moved | None


@dataclass(frozen=True)
class ActionShown:
    action: model.Action
    moved: reflections.Moved | None


async def reflections_page(request: Request) -> Response:
    ctx = context_of(request)
    organisation = await reflections.holder(ctx, request.path_params["id"])
    found = await reflections.reflections(ctx, organisation.id)
    return render(
        request, "reflections.html", organisation=organisation, reflections=list(reversed(found)),
        principles=PRINCIPLES, done=ActionStatus.DONE,
    )  # fmt: skip


async def reflection_page(request: Request) -> Response:
    ctx = context_of(request)
    held = await reflections.reflection(ctx, request.path_params["id"])
    organisation = None
    if held.record.organisation_id:
        organisation = await ctx.loaders.organisation.load(held.record.organisation_id)
    return render(
        request, "reflection.html", r=held, organisation=organisation,
        shown=[await _principle(ctx, held, judged) for judged in held.principles()],
        plan=[ActionShown(a, await reflections.action_moved(ctx, held, a)) for a in held.action_plan()],
        principles={p: (name, q) for p, name, q in PRINCIPLES}, capacities=dict(CAPACITIES), statuses=STATUSES,
        labels=INDICATOR_LABELS, value=indicator_value, saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


async def _principle(ctx: Context, held: reflections.Held, judged: reflections.Judged) -> PrincipleShown:
    return PrincipleShown(
        judged,
        measured=await reflections.measured(ctx, held, judged.principle),
        beside=await reflections.beside_figures(ctx, held, judged.judgement),
        moved=await reflections.moved(ctx, held, judged.principle),
    )


async def new_reflection_page(request: Request) -> Response:
    """GET: the empty form. POST: record the reflection, or show the form again with every problem."""
    ctx = context_of(request)
    organisation = await reflections.holder(ctx, request.path_params["id"])
    if request.method == "GET":
        return _form(request, organisation, {"heldOn": date.today().isoformat()})
    ctx.allow("recordReflection")
    posted = await request.form()
    given, problems = reflection_input(posted, organisation.id)
    if not problems:
        try:
            made = await reflections.record(ctx, given)
        except InvalidInput as exc:
            problems = list(exc.problems)
        else:
            return RedirectResponse(f"/reflections/{made.record.id}?saved=1", status_code=303)
    return _form(request, organisation, dict(posted), problems=problems, status=422)


async def action_status_page(request: Request) -> Response:
    """POST: a new status (and a note) for one action, then back to its reflection."""
    posted = await request.form()
    status = str(posted.get("status") or "")
    note = str(posted.get("note") or "").strip() or None
    given = {"status": status, "note": note}
    await reflections.change_action(context_of(request), request.path_params["action"], given)
    return RedirectResponse(f"/reflections/{request.path_params['id']}?saved=1#plan", status_code=303)


def _form(
    request: Request, organisation: Organisation, values: dict[str, Any], status: int = 200, **context: Any
) -> Response:
    context.setdefault("problems", [])
    return render(
        request, "reflection_form.html", status=status, organisation=organisation, form=values,
        principles=PRINCIPLES, capacities=CAPACITIES, stages=STAGES, colours=COLOURS,
        actions_per_principle=ACTIONS_PER_PRINCIPLE, overall_actions=OVERALL_ACTIONS, **context,
    )  # fmt: skip


def _text(form: FormData, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def _lines(form: FormData, name: str) -> list[str]:
    return [line.strip() for line in str(form.get(name) or "").splitlines() if line.strip()]


def reflection_input(form: FormData, organisation_id: str) -> tuple[dict[str, Any], list[Problem]]:
    """The form as ``model.ReflectionInput``'s fields, and the problems found before asking the service."""
    problems: list[Problem] = []
    participants = []
    for capacity, label in CAPACITIES:
        raw = _text(form, f"count-{capacity}")
        if raw is None:
            continue
        if not raw.isdigit() or int(raw) < 1:
            problems.append(Problem(f"count-{capacity}", "INVALID_INPUT", f"{label}: enter how many took part, e.g. 3"))
            continue
        names = [n.strip() for n in (_text(form, f"names-{capacity}") or "").split(",") if n.strip()]
        participants.append({"capacity": capacity, "count": int(raw), "names": names})
    if not participants and not problems:
        problems.append(Problem("participants", "EMPTY", "say how many took part, in at least one capacity"))
    principles, actions = [], []
    for principle, _, _ in PRINCIPLES:
        judgement = {
            "principle": principle, "stage": _text(form, f"stage-{principle}"),
            "colour": _text(form, f"colour-{principle}"), "evidence": _text(form, f"evidence-{principle}"),
            "ideas": _lines(form, f"ideas-{principle}"),
        }  # fmt: skip
        if any(judgement[k] for k in ("stage", "colour", "evidence", "ideas")):
            principles.append(judgement)
        actions.extend(_actions(form, principle, ACTIONS_PER_PRINCIPLE, problems))
    actions.extend(_actions(form, "OVERALL", OVERALL_ACTIONS, problems))
    held_on = _text(form, "heldOn")
    if held_on is None or not _is_date(held_on):
        problems.append(Problem("heldOn", "INVALID_INPUT", "enter the date it was held, as YYYY-MM-DD"))
    given = {
        "organisation_id": organisation_id, "held_on": held_on, "title": _text(form, "title"),
        "participants": participants, "principles": principles, "actions": actions,
    }  # fmt: skip
    return given, problems


def _actions(form: FormData, principle: str, count: int, problems: list[Problem]) -> list[dict[str, Any]]:
    found = []
    for i in range(1, count + 1):
        prefix = f"action-{principle}-{i}"
        what = _text(form, f"{prefix}-what")
        due = _text(form, f"{prefix}-due")
        if due is not None and not _is_date(due):
            problems.append(Problem(f"{prefix}-due", "INVALID_INPUT", "enter the date as YYYY-MM-DD"))
        if what is None:
            continue
        found.append({
            "what": what, "who": _text(form, f"{prefix}-who"), "due": due, "how": _text(form, f"{prefix}-how"),
            **({"principle": principle} if principle != "OVERALL" else {}),
        })  # fmt: skip
    return found


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
