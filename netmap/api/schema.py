"""The root schema: queries and mutations combined, errors given codes."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from netmap.api.errors import ErrorCodes, log_faults
from netmap.api.mutations import Mutation
from netmap.api.queries import Query


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_faults(errors, execution_context)


schema = Schema(query=Query, mutation=Mutation, extensions=[ErrorCodes])


def sdl() -> str:
    """The schema in GraphQL SDL, as checked in at ``schema/schema.graphql``."""
    return schema.as_str() + "\n"
