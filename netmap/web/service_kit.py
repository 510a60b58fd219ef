"""What the form pages need beside ``page_kit``: a key per rendered form (a
double click writes once), the policy table asked before a form is offered,
the services' refusals a person can fix shown on the form by field, and the
reading of form fields into the services' plain values."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from starlette.datastructures import FormData

from netmap.domain.errors import InvalidInput, NetmapError
from netmap.services.context import Context
from netmap.services.policy import grant
from netmap.web.page_kit import TEMPLATES

T = TypeVar("T")

FORM_CODES = frozenset({"CONSENT_REQUIRED", "DUPLICATE_TIE", "ALREADY_ENDED", "CONFLICT", "NOTHING_TO_CHANGE"})
"""Refusals a person can act on by changing what they entered: shown on the form."""


_FORM_KEY = re.compile(r"[0-9a-f]{32}")
ALREADY_DONE = "IDEMPOTENCY_IN_PROGRESS"


def form_key() -> str:
    """A fresh key for one rendering of a form: posting it twice (a double click, a
    resent POST) writes once, by the API's idempotency keys."""
    return uuid.uuid4().hex


TEMPLATES.env.globals["form_key"] = form_key


def keyed(ctx: Context, form: FormData) -> None:
    """Give the form's writes the idempotency key it was rendered with (if any)."""
    key = str(form.get("formKey") or "")
    if _FORM_KEY.fullmatch(key):
        body = repr(sorted((k, str(v)) for k, v in form.multi_items() if k != "formKey"))
        ctx.idempotency = (f"{ctx.actor}:form:{key}", hashlib.sha256(body.encode()).hexdigest())


def may(ctx: Context, operation: str) -> bool:
    """Whether the policy table lets the caller's role use ``operation``: whether to offer its form."""
    return grant(operation, ctx.principal) is not None


def authorise(ctx: Context, *operations: str) -> None:
    """Refuse the page (sign in, or not for this role) unless every operation is granted;
    the refusal is a NetmapError, which the app turns into a page."""
    for operation in operations:
        ctx.allow(operation)


async def attempt(work: Callable[[], Awaitable[T]]) -> tuple[T | None, list[dict[str, str]]]:
    """Run a service write: its result, or the problems by field a form shows. Errors a form
    cannot fix (not found, not yours, store down) go on to the app's handler, which shows them."""
    try:
        return await work(), []
    except InvalidInput as exc:
        return None, [{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems]
    except NetmapError as exc:
        if exc.code == ALREADY_DONE:  # this very form was posted before: what it asked for is done
            return None, []
        if exc.code in FORM_CODES:
            return None, [{"field": "input", "code": exc.code, "message": exc.message}]
        raise


def text(form: FormData, name: str) -> str | None:
    """A trimmed form field; None when empty."""
    value = str(form.get(name) or "").strip()
    return value or None


def day(form: FormData, name: str) -> date | str | None:
    """A date field: the date, or the text as entered for the validators to refuse by field."""
    value = text(form, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def present(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields given: empty ones are absent, as in the API."""
    return {k: v for k, v in fields.items() if v is not None}


CONSENT_FIELDS = (("mapped", "mapped"), ("show_to_organisers", "showToOrganisers"), ("use_in_aggregates", "useInAggregates"))
"""The three consent answers: the services' names and the forms' (the API's)."""


def consent_answers(form: FormData) -> dict[str, bool | None]:
    """The yes/no answers of a consent form; an unanswered question is None, which the
    validators refuse by field: nothing is assumed for the person."""
    answers = {"yes": True, "no": False}
    return {name: answers.get(str(form.get(field) or "")) for name, field in CONSENT_FIELDS}
