"""A service's settings (the timebank it supports, questionnaire cut-offs) and reviews of
people's networks: what makes the co-production evidence honest."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from netmap.api.context import Info
from netmap.services import reviews
from netmap.api.permissions import Allowed
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, NotFound
from netmap.domain.instruments import LSNS6_AT_RISK_BELOW, UCLA3_LONELY_FROM, CutOffs
from netmap.domain.reviews import NetworkReview
from netmap.domain.service_settings import ServiceSettings
from netmap.store.service_settings import save_settings, settings_of


@strawberry.type(name="ServiceSettings", description="A service's own settings; the defaults until changed.")
class ServiceSettingsType:
    service_id: strawberry.ID
    timebank_id: strawberry.ID | None = strawberry.field(
        description="The timebank the service supports: the one its evidence for valuing work looks at."
    )
    lsns6_at_risk_below: int = strawberry.field(
        description=f"An LSNS-6 total below this counts as at risk of isolation (default {LSNS6_AT_RISK_BELOW})."
    )
    ucla3_lonely_from: int = strawberry.field(
        description=f"A UCLA-3 total of this or more counts as lonely (default {UCLA3_LONELY_FROM})."
    )
    recorded_by: str | None
    recorded_at: datetime | None

    @classmethod
    def of(cls, s: ServiceSettings) -> ServiceSettingsType:
        return cls(
            service_id=strawberry.ID(s.service_id),
            timebank_id=strawberry.ID(s.timebank_id) if s.timebank_id else None,
            lsns6_at_risk_below=s.cut_offs.lsns6_at_risk_below, ucla3_lonely_from=s.cut_offs.ucla3_lonely_from,
            recorded_by=s.recorded.by if s.recorded else None, recorded_at=s.recorded.at if s.recorded else None,
        )  # fmt: skip


@strawberry.input(description="The settings as they should be now; the cut-offs default to the documented ones.")
class ServiceSettingsInput:
    timebank_id: strawberry.ID | None = None
    lsns6_at_risk_below: int = LSNS6_AT_RISK_BELOW
    ucla3_lonely_from: int = UCLA3_LONELY_FROM


@strawberry.type(description="A person's network was reviewed with them on this date.")
class NetworkReviewType:
    id: strawberry.ID
    person_id: strawberry.ID
    date: date
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, r: NetworkReview) -> NetworkReviewType:
        return cls(id=strawberry.ID(r.id), person_id=strawberry.ID(r.person_id), date=r.date,
                   recorded_by=r.recorded.by, recorded_at=r.recorded.at)  # fmt: skip


def _own_service(info: Info, service_id: str) -> None:
    principal = info.context.principal
    if principal and principal.role is AccessRole.SERVICE_MANAGER and principal.scope_id != service_id:
        raise Forbidden("Service managers see and change their own service's settings only.")


@strawberry.type
class ServiceSettingsQuery:
    @strawberry.field(permission_classes=[Allowed], description="A service's settings (the defaults until changed).")
    async def service_settings(self, info: Info, service_id: strawberry.ID) -> ServiceSettingsType:
        _own_service(info, str(service_id))
        if await info.context.loaders.organisation.load(str(service_id)) is None:
            raise NotFound("service", str(service_id))
        found = await info.context.store.read(settings_of, [str(service_id)])
        return ServiceSettingsType.of(found[str(service_id)])


    @strawberry.field(
        permission_classes=[Allowed],
        description="The dates a person's network was reviewed with them, oldest first (people in your scope).",
    )
    async def network_reviews(self, info: Info, person_id: strawberry.ID) -> list[NetworkReviewType]:
        return [NetworkReviewType.of(r) for r in await reviews.network_reviews(info.context, str(person_id))]


@strawberry.type
class ServiceSettingsMutation:
    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Sets a service's settings. The cut-offs apply whenever figures are produced, "
            "so changing one changes the service's past figures too."
        ),
    )
    async def set_service_settings(
        self, info: Info, service_id: strawberry.ID, input: ServiceSettingsInput
    ) -> ServiceSettingsType:
        _own_service(info, str(service_id))
        settings = ServiceSettings(
            service_id=str(service_id),
            timebank_id=str(input.timebank_id) if input.timebank_id else None,
            cut_offs=CutOffs(input.lsns6_at_risk_below, input.ucla3_lonely_from),
            recorded=info.context.recorded(),
        )
        saved = await info.context.write("setServiceSettings", lambda _: [], save_settings, settings)
        return ServiceSettingsType.of(saved)

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Records that a person's network was gone over with them on a date (default today). "
            "Only people reviewed in the last twelve months count in a service's co-production evidence; "
            "recording a tie or participation in their map records a review too."
        ),
    )
    async def record_network_review(
        self, info: Info, person_id: strawberry.ID, on: date | None = None
    ) -> NetworkReviewType:
        made = await reviews.record_network_review(info.context, str(person_id), on)
        return NetworkReviewType.of(made)
