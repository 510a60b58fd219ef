"""Limits on what one GraphQL request may ask (the OWASP GraphQL cheat sheet).

Two kinds, checked in this order:

1. The size of the document, before anything else looks at it: tokens
   (counted before parsing) and selections (fields and fragments, counted
   before validation). graphql-core's validation rules are not linear in the
   size of a document (comparing fields of the same name is quadratic), so a
   small cap here is what bounds the CPU validation may take
   (docs/robustness.md gives the measured cost of the worst accepted
   document). Anonymous callers get smaller caps.
2. Its shape, as validation rules: depth, aliases, and a cost estimate of
   our own (Strawberry has none) that counts pages and the steps of series.

Every refusal carries ``extensions.code`` QUERY_TOO_COMPLEX from where it is
made; nothing downstream recognises these errors by their text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from graphql.language import Lexer, Source, TokenKind
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from netmap.analysis.steps import MAX_STEPS, Every, steps
from netmap.api.pagination import DEFAULT_PAGE
from netmap.api.settings import ApiSettings, Limits
from netmap.domain.errors import NetmapError
from netmap.store.pages import MAX_PAGE

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
UNPAGED_LISTS = {"ties": 20, "participations": 20, "caseload": 50}
"""Lists without ``first``, and the size we assume for them when costing a query."""
SERIES = {"history": 1, "cohortTrend": 10}
"""Fields that compute one answer per step between ``from`` and ``to``, and what
each step costs besides the fields selected in it: a cohort's figures at one
date go over every member, a person's measures over one person."""
COMPUTED = {"cohort": 10, "cohortChanges": 20, "selfAssessment": 130}
"""Fields that compute over a whole cohort, and what that costs besides the
fields selected (a self-assessment looks at thirteen monthly dates)."""


def too_complex(message: str, node: Any = None, **details: Any) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": TOO_COMPLEX, **details})


def query_cost(selection_set: SelectionSetNode, context: ValidationContext, seen: frozenset[str] = frozenset()) -> int:
    """Estimated fields resolved: 1 per field; a paged list multiplies its contents by ``first``
    (a variable counts as the largest page, a missing ``first`` as the default page); a series
    multiplies them by its number of steps (a variable date counts as the longest series)."""
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = query_cost(selection.selection_set, context, seen) if selection.selection_set else 0
            name = selection.name.value
            total += 1 + COMPUTED.get(name, 0) + _width(selection) * (inner + SERIES.get(name, 0))
        elif isinstance(selection, InlineFragmentNode):
            total += query_cost(selection.selection_set, context, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            fragment = context.get_fragment(selection.name.value)
            if fragment is not None:
                total += query_cost(fragment.selection_set, context, seen | {selection.name.value})
    return total


def _width(field: FieldNode) -> int:
    if field.name.value in SERIES:
        return series_steps(field)
    for argument in field.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            if isinstance(argument.value, VariableNode):
                return MAX_PAGE
    if field.selection_set is not None and any(
        isinstance(s, FieldNode) and s.name.value in ("edges", "nodes") for s in field.selection_set.selections
    ):
        return DEFAULT_PAGE
    return UNPAGED_LISTS.get(field.name.value, 1)


def series_steps(field: FieldNode, today: date | None = None) -> int:
    """The number of dates a series field computes: exact when its dates are written
    in the document, the most a series may have when they come in variables."""
    given = {argument.name.value: argument.value for argument in field.arguments or ()}
    start, end = given.get("from"), given.get("to")
    every = given.get("every")
    if not isinstance(start, StringValueNode) or not (end is None or isinstance(end, StringValueNode)):
        return MAX_STEPS
    if every is not None and not isinstance(every, EnumValueNode):
        return MAX_STEPS
    try:
        first = date.fromisoformat(start.value)
        last = date.fromisoformat(end.value) if end is not None else today or date.today()
        return max(1, len(steps(first, last, Every(every.value if every is not None else "MONTH"))))
    except (ValueError, OverflowError, NetmapError):
        return 1  # refused when it runs, before computing anything


def cost_rule(max_cost: int) -> type[ValidationRule]:
    class QueryCost(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = query_cost(node.selection_set, self.context)
            if cost > max_cost:
                self.report_error(
                    too_complex(
                        f"This query would resolve about {cost} fields; the limit is {max_cost}. "
                        "Ask for smaller pages, shorter series or fewer nested lists.",
                        node, cost=cost, limit=max_cost,
                    )
                )  # fmt: skip

    return QueryCost


def coded(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    """``rule`` whose errors carry ``code``.

    Strawberry's depth and alias limiters report plain errors, straight to the
    validation context and from their constructors; while one is constructed,
    the context's ``on_error`` (graphql-core's public callback) is this
    rule's, which codes them and passes them on.
    """

    def mark(error: GraphQLError) -> GraphQLError:
        error.extensions = {**(error.extensions or {}), "code": code}
        return error

    def __init__(self: ASTValidationRule, context: ValidationContext) -> None:
        passed_on = context.on_error
        context.on_error = lambda error: passed_on(mark(error))
        try:
            rule.__init__(self, context)
        finally:
            context.on_error = passed_on

    def report_error(self: ASTValidationRule, error: GraphQLError) -> None:
        rule.report_error(self, mark(error))

    return type(f"Coded{rule.__name__}", (rule,), {"__init__": __init__, "report_error": report_error})


def _tokens_over(query: str, allowed: int) -> bool:
    """Whether ``query`` has more than ``allowed`` tokens, as graphql-core counts them
    (stops at ``allowed + 1``; a lexical error is left for the parser to report)."""
    lexer = Lexer(Source(query))
    try:
        for _ in range(allowed + 1):
            if lexer.advance().kind is TokenKind.EOF:
                return False
    except GraphQLError:
        return False
    return True


def selections(document: DocumentNode) -> tuple[int, bool]:
    """(fields, fragment spreads and inline fragments written in ``document``; whether any
    selection set is empty). Linear in the document, whatever its shape."""
    count, empty = 0, False
    pending: list[SelectionSetNode] = [
        d.selection_set for d in document.definitions if getattr(d, "selection_set", None) is not None
    ]
    while pending:
        selection_set = pending.pop()
        empty = empty or not selection_set.selections
        for selection in selection_set.selections:
            count += 1
            inner = getattr(selection, "selection_set", None)
            if inner is not None:
                pending.append(inner)
    return count, empty


class DocumentBudget(ValidationCache):
    """Refuses documents over the caller's size caps before they are parsed (tokens) or
    validated (selections); validates the rest, remembering the answer per document."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(maxsize=CACHED_DOCUMENTS)
        self.limits = limits

    def _caps(self) -> tuple[int, int]:
        anonymous = getattr(self.execution_context.context, "principal", None) is None
        if anonymous:
            return self.limits.anonymous_max_tokens, self.limits.anonymous_max_selections
        return self.limits.max_tokens, self.limits.max_selections

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query
        tokens, _ = self._caps()
        if query is not None and _tokens_over(query, tokens):
            raise too_complex(f"The document has more than {tokens} tokens; send a smaller one.", limit=tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        _, allowed = self._caps()
        count, empty = selections(document) if document is not None else (0, False)
        if count > allowed:
            self.execution_context.pre_execution_errors = [
                too_complex(f"The document has {count} selections; the limit is {allowed}.", count=count, limit=allowed)
            ]
        elif empty:
            self.execution_context.pre_execution_errors = [
                GraphQLError("Every selection set must select at least one field.", extensions={"code": VALIDATION_FAILED})
            ]
        else:
            yield from super().on_validate()
            return
        yield


CACHED_DOCUMENTS = 256
"""Distinct documents whose validation is remembered (clients send few)."""


def limit_extensions(settings: ApiSettings) -> list[Callable[[], SchemaExtension]]:
    """The extensions that enforce ``settings.limits`` (and hide introspection in production).

    The validation rules are built once, not per request, so that a document
    seen before skips validation, which otherwise cost a small query more than
    answering it.
    """
    limits = settings.limits
    rules: list[type[ASTValidationRule]] = [
        *(coded(r, TOO_COMPLEX) for r in QueryDepthLimiter(max_depth=limits.max_depth).validation_rules),
        *(coded(r, TOO_COMPLEX) for r in MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules),
        cost_rule(limits.max_cost),
    ]
    if not settings.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        lambda: AddValidationRules(rules),
        lambda: DocumentBudget(limits),
    ]
