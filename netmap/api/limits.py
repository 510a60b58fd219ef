"""Limits on what one GraphQL request may ask (the OWASP GraphQL cheat sheet).

Three kinds, checked in this order:

1. The size of the document, before anything else looks at it: tokens
   (counted before parsing), selections (fields and fragments, counted
   before validation) and selections with fragments spread. graphql-core's
   validation rules are not linear in the size of a document (comparing
   fields of the same name is quadratic) and Strawberry's depth and alias
   limiters walk every spread of a fragment again (exponential in nested
   fragments), so small caps here are what bound the CPU validation may take
   (docs/robustness.md gives the measured cost of the worst accepted
   document). Anonymous callers get smaller caps.
2. Its shape, as validation rules: depth and aliases.
3. Its cost, estimated just before it runs, with its variables (Strawberry
   has no cost estimate): pages, the steps of series and what the analyses
   compute, in units of about one resolved field.

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
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    get_operation_ast,
    value_from_ast_untyped,
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
PERSON_MEASURES = 150
"""One person's measures at one date (circles, ego network, reach, enclave share): ~4 ms of
CPU, about what 150 plain fields cost to resolve."""
COHORT_DATE = {"serviceId": 20, "personIds": 0, "area": 300, None: 50}
"""A cohort's figures at one date, by how the cohort is given: a service's people
(~0.5 ms on the synthetic communities of 1,000), an area (~8 ms there, and more as the
area grows), a planner's caseload; a list of people costs one unit per three of them."""
SUGGESTIONS = 50
"""Suggestions or buddies for one person: every activity or person near them, once."""


def too_complex(message: str, node: Any = None, **details: Any) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": TOO_COMPLEX, **details})


class Costing:
    """The estimated cost of an operation with its variables: 1 per field, a list's
    contents times its length (``first``, or the default page), a series' contents and
    computation times its number of steps, plus what the analyses compute.

    A unit is roughly what one plain field costs to resolve; the heaviest queries the
    default limit of 20,000 accepts took 0.7 s of CPU on a community of 1,000 people
    and 2 s on one of 10,000 (docs/robustness.md).
    Values that cannot be read (a variable not sent) count as the largest allowed.
    """

    def __init__(self, document: DocumentNode, operation: OperationDefinitionNode,
                 variables: dict[str, Any] | None, today: date) -> None:  # fmt: skip
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        defaults = {
            d.variable.name.value: value_from_ast_untyped(d.default_value)
            for d in operation.variable_definitions or ()
            if d.default_value is not None
        }
        self.variables = {**defaults, **(variables or {})}
        self.today = today
        self.known: dict[str, int] = {}

    def selections(self, selection_set: SelectionSetNode, seen: frozenset[str] = frozenset()) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                inner = self.selections(selection.selection_set, seen) if selection.selection_set else 0
                total += self.field(selection, inner)
            elif isinstance(selection, InlineFragmentNode):
                total += self.selections(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                name = selection.name.value
                if name not in self.known and name in self.fragments:
                    self.known[name] = self.selections(self.fragments[name].selection_set, seen | {name})
                total += self.known.get(name, 0)
        return total

    def field(self, field: FieldNode, inner: int) -> int:
        name = field.name.value
        args = {a.name.value: value_from_ast_untyped(a.value, self.variables) for a in field.arguments or ()}
        if name == "history" and "from" in args:  # a person's measures over time (an action's history is a list)
            return 1 + self.steps(args) * (inner + PERSON_MEASURES)
        if name == "cohortTrend":
            return 1 + self.steps(args) * (inner + cohort_date(args.get("cohort")))
        computed = {
            "measures": PERSON_MEASURES,
            "cohort": cohort_date(args.get("cohort")),
            "cohortChanges": 2 * cohort_date(args.get("cohort")),
            "networkExport": 2 * cohort_date(args.get("cohort")),
            "selfAssessment": 13 * COHORT_DATE["serviceId"],
            "measured": 13 * COHORT_DATE["serviceId"],  # a reflection's evidence on its day
            "movement": 12 * COHORT_DATE["serviceId"],  # and month by month until the next one
            "suggestions": SUGGESTIONS,
            "buddies": SUGGESTIONS,
        }.get(name, 0)
        return 1 + computed + self.width(field, args) * inner

    def width(self, field: FieldNode, args: dict[str, Any]) -> int:
        if "first" in args:
            first = args["first"]
            return max(1, min(first, MAX_PAGE)) if isinstance(first, int) else MAX_PAGE
        if field.selection_set is not None and any(
            isinstance(s, FieldNode) and s.name.value in ("edges", "nodes") for s in field.selection_set.selections
        ):
            return DEFAULT_PAGE
        return UNPAGED_LISTS.get(field.name.value, 1)

    def steps(self, args: dict[str, Any]) -> int:
        """The dates a series computes; the most a series may have when they cannot be read."""
        try:
            start = date.fromisoformat(args["from"])
            end = date.fromisoformat(args["to"]) if args.get("to") is not None else self.today
            return max(1, len(steps(start, end, Every(args.get("every") or "MONTH"))))
        except (KeyError, TypeError, ValueError):
            return MAX_STEPS
        except NetmapError:
            return 1  # refused by the field before it computes anything


def cohort_date(cohort: Any) -> int:
    """What one date of a cohort's figures costs, from how the cohort is given."""
    if not isinstance(cohort, dict):
        return COHORT_DATE["area"]
    if isinstance(cohort.get("personIds"), list):
        return max(1, len(cohort["personIds"]) // 3)
    for kind in ("serviceId", "area"):
        if cohort.get(kind) is not None:
            return COHORT_DATE[kind]
    return COHORT_DATE[None]


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


def tokens_over(query: str, allowed: int) -> bool:
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


def expanded_selections(document: DocumentNode) -> int:
    """The selections of the document's operations with every fragment spread replaced by
    the fragment, as Strawberry's depth and alias limiters (and the cost estimate) walk
    them. Fragments that spread fragments multiply: ten of them, each spreading the
    next nine times, are 90 selections written and 9^10 walked. Each fragment is counted
    once here, so this stays linear; a cycle (refused by validation) counts as nothing."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    known: dict[str, int] = {}

    def count(selection_set: SelectionSetNode, within: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in known and name in fragments and name not in within:
                    known[name] = count(fragments[name].selection_set, within | {name})
                total += known.get(name, 0)
            else:
                total += 1
                if selection.selection_set is not None:
                    total += count(selection.selection_set, within)
        return total

    return sum(count(d.selection_set, frozenset()) for d in document.definitions if isinstance(d, OperationDefinitionNode))


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
        if query is not None and tokens_over(query, tokens):
            raise too_complex(f"The document has more than {tokens} tokens; send a smaller one.", limit=tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        _, allowed = self._caps()
        count, empty = selections(document) if document is not None else (0, False)
        expanded = expanded_selections(document) if document is not None and count <= allowed else 0
        most = self.limits.max_expanded_selections
        if count > allowed:
            self.execution_context.pre_execution_errors = [
                too_complex(f"The document has {count} selections; the limit is {allowed}.", count=count, limit=allowed)
            ]
        elif expanded > most:
            self.execution_context.pre_execution_errors = [
                too_complex(f"With its fragments spread, the document has {expanded} selections; the limit is {most}.",
                            count=expanded, limit=most)  # fmt: skip
            ]
        elif empty:
            self.execution_context.pre_execution_errors = [
                GraphQLError("Every selection set must select at least one field.", extensions={"code": VALIDATION_FAILED})
            ]
        else:
            yield from super().on_validate()
            return
        yield

    def on_execute(self) -> Iterator[None]:
        """Refuses an operation whose estimated cost, with its variables, is over the limit:
        setting the result here leaves Strawberry nothing to execute."""
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document is not None else None
        if operation is not None:
            today = getattr(context.context, "today", None) or date.today()
            cost = Costing(document, operation, context.variables, today).selections(operation.selection_set)
            if cost > self.limits.max_cost:
                context.result = ExecutionResult(data=None, errors=[too_complex(
                    f"This query would cost about {cost} units (a unit is about one field); the limit is "
                    f"{self.limits.max_cost}. Ask for smaller pages, shorter series or fewer nested lists.",
                    operation, cost=cost, limit=self.limits.max_cost,
                )])  # fmt: skip
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
    ]
    if not settings.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        lambda: AddValidationRules(rules),
        lambda: DocumentBudget(limits),
    ]
