"""What pages that call the services need: the request's caller, the policy
table's role check, the audit of what a page showed, and the services' errors
as pages or as problems by field for a form."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from netmap.api.context import Context
from netmap.api.permissions import POLICY, PUBLIC
from netmap.domain.errors import InvalidInput, NetmapError
from netmap.store.audit import write_audit
from netmap.web.page_kit import TEMPLATES, PageError, error_page, principal_of

T = TypeVar("T")

_PAGES = {
    "UNAUTHENTICATED": (401, "Please sign in"),
    "FORBIDDEN": (403, "Not yours to change"),
    "NOT_FOUND": (404, "Not found"),
    "STORE_UNAVAILABLE": (503, "The store is not answering"),
    "TIMEOUT": (503, "That took too long"),
}
FORM_CODES = frozenset({"CONSENT_REQUIRED", "DUPLICATE_TIE", "ALREADY_ENDED", "CONFLICT", "NOTHING_TO_CHANGE"})
"""Refusals a person can act on by changing what they entered: shown on the form."""


_FORM_KEY = re.compile(r"[0-9a-f]{32}")
ALREADY_DONE = "IDEMPOTENCY_IN_PROGRESS"


def caller(request: Request) -> Context:
    """The signed-in caller of this request, as the services take it."""
    state = request.app.state
    return Context(store=state.store, principal=principal_of(request), settings=state.api, network=state.network)


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
    """Whether the policy table lets the caller's role use ``operation`` (and note its grant)."""
    principal = ctx.principal
    granted = POLICY[operation].get(principal.role if principal else PUBLIC)
    if granted is not None:
        ctx.grants[operation] = granted.value
    return granted is not None


def authorise(ctx: Context, *operations: str) -> None:
    """The pages' role check, from the same table as the API's: PageError unless every operation is granted."""
    for operation in operations:
        if not may(ctx, operation):
            if ctx.principal is None:
                raise PageError(401, "Please sign in", "Sign in first.")
            raise PageError(403, "Not for your role", f"The {ctx.principal.role.value} role may not do this here.")


async def audited(request: Request, ctx: Context) -> None:
    """Write the reads the page showed to the audit log, as the API does at the end of a request."""
    if ctx.reads:
        await request.app.state.store.append_log(write_audit, ctx.audit_entries())


def as_page(error: NetmapError) -> PageError:
    status, heading = _PAGES.get(error.code, (422, "That cannot be done"))
    return PageError(status, heading, error.message)


async def attempt(work: Callable[[], Awaitable[T]]) -> tuple[T | None, list[dict[str, str]]]:
    """Run a service write: its result, or the problems by field a form shows. Errors a form
    cannot fix (not found, not yours, store down) become a PageError."""
    try:
        return await work(), []
    except InvalidInput as exc:
        return None, [{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems]
    except NetmapError as exc:
        if exc.code == ALREADY_DONE:  # this very form was posted before: what it asked for is done
            return None, []
        if exc.code in FORM_CODES:
            return None, [{"field": "input", "code": exc.code, "message": exc.message}]
        raise as_page(exc) from exc


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


async def shown(request: Request, work: Callable[[], Awaitable[Response]]) -> Response:
    """A page's answer, or the page for the refusal that stopped it (sign in, not yours, not found, store down)."""
    try:
        return await work()
    except PageError as error:
        return error_page(request, error)
    except NetmapError as exc:
        return error_page(request, as_page(exc))
