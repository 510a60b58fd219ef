"""The root schema: queries and mutations combined, errors given codes, limits enforced."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult

from netmap.api.admin import AdminMutation, AdminQuery
from netmap.api.analysis import AnalysisQuery
from netmap.api.community_groups import CommunityMutation, CommunityQuery
from netmap.api.dates import DATE_SCALAR
from netmap.api.errors import ErrorCodes, coded_errors, log_faults
from netmap.api.exports import ExportQuery
from netmap.api.limits import limit_extensions
from netmap.api.mutations import Mutation
from netmap.api.queries import Query
from netmap.api.reflections import ReflectionMutation, ReflectionQuery
from netmap.api.service_settings import ServiceSettingsMutation, ServiceSettingsQuery
from netmap.api.settings import ApiSettings
from netmap.api.suggestions import SuggestionQuery
from netmap.domain.errors import NetmapError


class OperationTimedOut(NetmapError):
    """The operation ran past the time limit before it wrote anything, and was stopped."""

    code = "TIMEOUT"


class Schema(strawberry.Schema):
    """Strawberry's schema, with the time limit on each operation and every error coded."""

    def __init__(self, settings: ApiSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_faults(errors, execution_context)

    async def execute(self, query: str | None, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Runs the operation within ``limits.timeout_s``; raises :class:`OperationTimedOut`.

        Once the operation has begun to write (``Context.writing``), it is not
        stopped: cutting it off could leave a committed write answered as a
        failure, so it runs to its end and answers with its result.
        """
        context = kwargs.get("context_value", args[1] if len(args) > 1 else None)
        limit = self.settings.limits.timeout_s
        task = asyncio.ensure_future(super().execute(query, *args, **kwargs))
        try:
            result = await asyncio.wait_for(asyncio.shield(task), limit)
        except asyncio.TimeoutError:
            if not getattr(context, "writing", False):
                task.cancel()
                raise OperationTimedOut(f"The request took longer than {limit:g} s; nothing was written.") from None
            result = await task
        except asyncio.CancelledError:
            task.cancel()
            raise
        result.errors = coded_errors(result.errors, self.settings.introspection)
        return result


def build_schema(settings: ApiSettings | None = None) -> Schema:
    """The schema with the limits and introspection rule that ``settings`` asks for."""
    chosen = settings or ApiSettings()
    return Schema(
        chosen,
        query=merge_types(
            "Query",
            (Query, CommunityQuery, SuggestionQuery, AnalysisQuery, ExportQuery, ServiceSettingsQuery, ReflectionQuery,
             AdminQuery),
        ),
        mutation=merge_types(
            "Mutation", (Mutation, CommunityMutation, ServiceSettingsMutation, ReflectionMutation, AdminMutation)
        ),
        extensions=[*limit_extensions(chosen), lambda: ErrorCodes(suggestions=chosen.introspection)],
        config=StrawberryConfig(scalar_map=DATE_SCALAR, disable_field_suggestions=not chosen.introspection),
    )


def sdl() -> str:
    """The schema in GraphQL SDL, as checked in at ``schema/schema.graphql``."""
    return build_schema().as_str() + "\n"
