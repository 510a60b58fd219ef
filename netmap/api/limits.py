"""Limits on what one GraphQL request may ask (the OWASP GraphQL cheat sheet):
depth, aliases and tokens through Strawberry's own extensions, and a cost
estimate of our own, since Strawberry has none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from netmap.api.pagination import DEFAULT_PAGE
from netmap.api.settings import ApiSettings
from netmap.store.pages import MAX_PAGE

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
UNPAGED_LISTS = {"ties": 20, "participations": 20, "caseload": 50}
"""Lists without ``first``, and the size we assume for them when costing a query."""


def query_cost(selection_set: SelectionSetNode, context: ValidationContext, seen: frozenset[str] = frozenset()) -> int:
    """Estimated fields resolved: 1 per field; a paged list multiplies its contents by ``first``
    (a variable counts as the largest page, a missing ``first`` as the default page)."""
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = query_cost(selection.selection_set, context, seen) if selection.selection_set else 0
            total += 1 + _width(selection) * inner
        elif isinstance(selection, InlineFragmentNode):
            total += query_cost(selection.selection_set, context, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            fragment = context.get_fragment(selection.name.value)
            if fragment is not None:
                total += query_cost(fragment.selection_set, context, seen | {selection.name.value})
    return total


def _width(field: FieldNode) -> int:
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


def cost_rule(max_cost: int) -> type[ValidationRule]:
    class QueryCost(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = query_cost(node.selection_set, self.context)
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"This query would resolve about {cost} fields; the limit is {max_cost}. "
                        "Ask for smaller pages or fewer nested lists.",
                        node,
                        extensions={"code": TOO_COMPLEX, "cost": cost, "limit": max_cost},
                    )
                )

    return QueryCost


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
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
        cost_rule(limits.max_cost),
    ]
    if not settings.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
    ]
