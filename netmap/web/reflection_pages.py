"""A service's reflections: the list, the form that records one as the group held it, and a
reflection's page with netmap's evidence beside the group's choice and how it moved after."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from netmap.domain.coproduction import Colour, Principle, Stage
from netmap.domain.reflections import ActionStatus, Capacity
from netmap.web.page_kit import PageError, answer, ask, error_page, is_refusal, page_error, render

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

LIST = """
query List($id: ID!) {
  organisation(id: $id) { id name kind }
  reflections(organisationId: $id) {
    id heldOn title peopleTakingPart recordedBy
    principles { principle stage colour }
    actionPlan { status }
  }
}
"""

SHOW = """
query Show($id: ID!) {
  reflections(id: $id) {
    id organisationId heldOn title nextHeldOn peopleTakingPart recordedBy recordedAt
    participants { capacity count names }
    principles {
      principle stage stageLabel colour evidence ideas beside
      measured { status stage stageLabel sentence }
      movement { fromDate toDate sentence points { at status stageLabel indicators { label shown } } }
      actions { id }
    }
    actionPlan {
      id principle what who due how status note
      history { status note recordedBy recordedAt }
      movement { sentence }
    }
  }
}
"""

NAME = "query Name($id: ID!) { organisation(id: $id) { id name kind } }"

RECORD = "mutation Record($input: ReflectionInput!) { recordReflection(input: $input) { id } }"

UPDATE = """
mutation Update($id: ID!, $input: ActionUpdateInput!) { updateReflectionAction(id: $id, input: $input) { id } }
"""


async def reflections_page(request: Request) -> Response:
    try:
        data = await ask(request, LIST, {"id": request.path_params["id"]})
    except PageError as error:
        return error_page(request, error)
    if data["organisation"] is None:
        return error_page(request, PageError(404, "Not found", "There is no such service."))
    return render(
        request, "reflections.html", organisation=data["organisation"],
        reflections=list(reversed(data["reflections"])), principles=PRINCIPLES,
    )  # fmt: skip


async def reflection_page(request: Request) -> Response:
    try:
        found = (await ask(request, SHOW, {"id": request.path_params["id"]}))["reflections"]
        if not found:
            raise PageError(404, "Not found", "There is no such reflection, or it is not yours to see.")
        [reflection] = found
        organisation = None
        if reflection["organisationId"]:
            organisation = (await ask(request, NAME, {"id": reflection["organisationId"]}))["organisation"]
    except PageError as error:
        return error_page(request, error)
    return render(
        request, "reflection.html", r=reflection, organisation=organisation, principles=dict((p, (name, q)) for p, name, q in PRINCIPLES),
        capacities=dict(CAPACITIES), statuses=STATUSES, saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


async def new_reflection_page(request: Request) -> Response:
    """GET: the empty form. POST: record the reflection, or show the form again with every problem."""
    try:
        organisation = (await ask(request, NAME, {"id": request.path_params["id"]}))["organisation"]
        if organisation is None:
            raise PageError(404, "Not found", "There is no such service.")
    except PageError as error:
        return error_page(request, error)
    if request.method == "GET":
        return _form(request, organisation, {"heldOn": date.today().isoformat()})
    posted = await request.form()
    given, problems = reflection_input(posted, organisation["id"])
    if not problems:
        found = await answer(request, RECORD, {"input": given})
        if not found.errors and found.data is not None:
            return RedirectResponse(f"/reflections/{found.data['recordReflection']['id']}?saved=1", status_code=303)
        if is_refusal(found):
            return error_page(request, page_error(found))
        problems = found.problems or [{"field": "input", "message": found.message or "Not saved."}]
    return _form(request, organisation, dict(posted), problems=problems, status=422)


async def action_status_page(request: Request) -> Response:
    """POST: a new status (and a note) for one action, then back to its reflection."""
    posted = await request.form()
    status = str(posted.get("status") or "")
    note = str(posted.get("note") or "").strip() or None
    found = await answer(
        request, UPDATE, {"id": request.path_params["action"], "input": {"status": status, "note": note}}
    )
    if found.errors or found.data is None:
        return error_page(request, page_error(found))
    return RedirectResponse(f"/reflections/{request.path_params['id']}?saved=1#plan", status_code=303)


def _form(
    request: Request, organisation: dict[str, Any], values: dict[str, Any], status: int = 200, **context: Any
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


def reflection_input(form: FormData, organisation_id: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The form as the API's ReflectionInput, and the problems found before asking the API."""
    problems: list[dict[str, str]] = []
    participants = []
    for capacity, label in CAPACITIES:
        raw = _text(form, f"count-{capacity}")
        if raw is None:
            continue
        if not raw.isdigit() or int(raw) < 1:
            problems.append({"field": f"count-{capacity}", "message": f"{label}: enter how many took part, e.g. 3"})
            continue
        names = [n.strip() for n in (_text(form, f"names-{capacity}") or "").split(",") if n.strip()]
        participants.append({"capacity": capacity, "count": int(raw), "names": names})
    if not participants and not problems:
        problems.append({"field": "participants", "message": "say how many took part, in at least one capacity"})
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
        problems.append({"field": "heldOn", "message": "enter the date it was held, as YYYY-MM-DD"})
    given = {
        "organisationId": organisation_id, "heldOn": held_on, "title": _text(form, "title"),
        "participants": participants, "principles": principles, "actions": actions,
    }  # fmt: skip
    return given, problems


def _actions(form: FormData, principle: str, count: int, problems: list[dict[str, str]]) -> list[dict[str, Any]]:
    found = []
    for i in range(1, count + 1):
        prefix = f"action-{principle}-{i}"
        what = _text(form, f"{prefix}-what")
        due = _text(form, f"{prefix}-due")
        if due is not None and not _is_date(due):
            problems.append({"field": f"{prefix}-due", "message": "enter the date as YYYY-MM-DD"})
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
