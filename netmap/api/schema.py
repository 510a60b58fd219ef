"""The root schema: queries and mutations combined, errors given codes, limits enforced."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from strawberry.tools import merge_types

from netmap.api.admin import AdminMutation, AdminQuery
from netmap.api.analysis import AnalysisQuery
from netmap.api.community import CommunityMutation, CommunityQuery
from netmap.api.errors import ErrorCodes, log_faults
from netmap.api.exports import ExportQuery
from netmap.api.limits import limit_extensions
from netmap.api.mutations import Mutation
from netmap.api.queries import Query
from netmap.api.settings import ApiSettings
from netmap.api.suggestions import SuggestionQuery


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_faults(errors, execution_context)


def build_schema(settings: ApiSettings | None = None) -> Schema:
    """The schema with the limits and introspection rule that ``settings`` asks for."""
    return Schema(
        query=merge_types("Query", (Query, CommunityQuery, SuggestionQuery, AnalysisQuery, ExportQuery, AdminQuery)),
        mutation=merge_types("Mutation", (Mutation, CommunityMutation, AdminMutation)),
        extensions=[*limit_extensions(settings or ApiSettings()), ErrorCodes],
    )


def sdl() -> str:
    """The schema in GraphQL SDL, as checked in at ``schema/schema.graphql``."""
    return build_schema().as_str() + "\n"
