"""Community groups' part of the API: activities and the directory, attendance,
volunteering and the timebank."""

from __future__ import annotations

from datetime import date, time

import strawberry
from strawberry.scalars import JSON

from netmap.api import inputs as gql
from netmap.api.context import Info, operation_of
from netmap.api.enums import ActivityStatus, Repeat, Weekday
from netmap.services.guards import person_to_name
from netmap.api.pagination import DEFAULT_PAGE, Connection, connection
from netmap.api.permissions import Allowed
from netmap.api.types import Exchange, Organisation, Participation
from netmap.domain import activities as model
from netmap.domain import activity_inputs as rules
from netmap.domain.errors import NotFound
from netmap.services import mapping
from netmap.domain.inputs import validated
from netmap.store.activities import ActivityFilter, get_activities
from netmap.services import activities
from netmap.store.attendance import AttendanceResult as StoredAttendance
from netmap.store.timebank import record_exchange


@strawberry.type(description="When an activity runs.")
class Schedule:
    repeat: Repeat
    starts: date
    ends: date | None
    dates: list[date] = strawberry.field(description="The dates of a ONE_OFF schedule.")
    weekday: Weekday | None
    week_of_month: int | None = strawberry.field(description="MONTHLY: 1–4, or 5 for the last.")
    at: time | None
    finishes: time | None = strawberry.field(description="When a session ends, if stated.")


@strawberry.type(description="Something a community group runs, listed in the public directory.")
class Activity:
    id: strawberry.ID
    title: str
    description: str | None
    interests: list[str]
    schedule: Schedule
    venue: str | None
    area: str | None
    accessibility: list[str]
    cost_pence: int | None = strawberry.field(description="0 is free; null is not stated.")
    cost_note: str | None
    free: bool
    contact: str | None
    status: ActivityStatus
    record: strawberry.Private[model.Activity]

    @classmethod
    def of(cls, activity: model.Activity) -> Activity:
        s = activity.schedule
        return cls(
            id=strawberry.ID(activity.id),
            title=activity.title,
            description=activity.description,
            interests=list(activity.interests),
            schedule=Schedule(
                repeat=s.repeat, starts=s.starts, ends=s.ends, dates=list(s.dates),
                weekday=s.weekday, week_of_month=s.week_of_month, at=s.at, finishes=s.finishes,
            ),
            venue=activity.venue,
            area=activity.area,
            accessibility=list(activity.accessibility),
            cost_pence=activity.cost_pence,
            cost_note=activity.cost_note,
            free=activity.free,
            contact=activity.contact,
            status=activity.status,
            record=activity,
        )  # fmt: skip

    @strawberry.field(description="The next session dates from a day (default today), while it runs.")
    def next_sessions(self, info: Info, after: date | None = None, count: int = 5) -> list[date]:
        return activities.next_sessions(self.record, after or info.context.today, count)

    @strawberry.field
    async def organisation(self, info: Info) -> Organisation:
        return Organisation.of(await activities.organisation_of(info.context, self.record))


@strawberry.type(description="What recordAttendance wrote.")
class AttendanceResult:
    activity_id: strawberry.ID
    date: date
    recorded: int = strawberry.field(description="People added now; a repeat of the same call adds none.")
    new_attendees: list[strawberry.ID] = strawberry.field(
        description="People who just became ATTENDEE participants by the attendance rule."
    )

    @classmethod
    def of(cls, result: StoredAttendance) -> AttendanceResult:
        return cls(
            activity_id=strawberry.ID(result.activity_id),
            date=result.date,
            recorded=result.recorded,
            new_attendees=[strawberry.ID(i) for i in result.new_attendees],
        )


async def _activity(info: Info, id: str) -> model.Activity:
    found = (await info.context.store.read(get_activities, [id])).get(id)
    if found is None:
        raise NotFound("activity", id)
    return found


async def _may_record_for(info: Info, person_ids: list[str]) -> None:
    """Attendance, volunteering and exchanges go in each person's own map: each must
    be someone the caller may see (an organiser: a current participant of their
    group who agreed to be shown to organisers) and who agreed to be mapped."""
    for id in person_ids:
        await person_to_name(info.context, operation_of(info), id, owns_map=True)


@strawberry.type
class CommunityQuery:
    @strawberry.field(permission_classes=[Allowed], description="An activity by id (public).")
    async def activity(self, info: Info, id: strawberry.ID) -> Activity | None:
        try:
            return Activity.of(await activities.activity(info.context, str(id)))
        except NotFound:
            return None

    @strawberry.field(
        permission_classes=[Allowed],
        description=(
            "The public directory: activities in title order, filtered by interest, area, "
            "day of the week, accessibility features (all must be offered), free, and text."
        ),
    )
    async def activities(
        self,
        info: Info,
        interest: str | None = None,
        area: str | None = None,
        weekday: Weekday | None = None,
        features: list[str] | None = None,
        free: bool | None = None,
        text: str | None = None,
        organisation_id: strawberry.ID | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> Connection[Activity]:
        where = ActivityFilter(
            interest=interest, area=area, weekday=weekday, features=tuple(features or ()),
            free=free, text=text, organisation_id=str(organisation_id) if organisation_id else None,
        )  # fmt: skip
        page = await activities.activities(info.context, where, after, first)
        return connection(page, [Activity.of(a) for a in page.items])


@strawberry.type
class CommunityMutation:
    @strawberry.mutation(permission_classes=[Allowed], description="Registers an activity run by an organisation.")
    async def create_activity(self, info: Info, input: gql.ActivityInput) -> Activity:
        return Activity.of(await activities.create(info.context, gql.present(input)))

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Changes an activity; set status PAUSED to pause it, ENDED to end it.",
    )
    async def update_activity(self, info: Info, id: strawberry.ID, input: gql.ActivityUpdateInput) -> Activity:
        return Activity.of(await activities.update(info.context, str(id), gql.given(input)))

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Records who came to one session, many people at once. Unknown people or a date "
            "with no session write nothing. Repeats are harmless."
        ),
    )
    async def record_attendance(self, info: Info, input: gql.AttendanceInput) -> AttendanceResult:
        return AttendanceResult.of(await mapping.record_attendance(info.context, gql.present(input)))

    @strawberry.mutation(permission_classes=[Allowed], description="Records hours someone volunteered at a session.")
    async def record_volunteering(self, info: Info, input: gql.VolunteeringInput) -> JSON:
        return await mapping.record_volunteering(info.context, gql.present(input))

    @strawberry.mutation(
        permission_classes=[Allowed],
        description=(
            "Registers someone new at your group there and then, with their consent recorded: "
            "the person and their participation, together or not at all."
        ),
    )
    async def register_newcomer(self, info: Info, input: gql.NewcomerInput) -> Participation:
        return Participation.of(await mapping.register_newcomer(info.context, gql.present(input)))

    @strawberry.mutation(
        permission_classes=[Allowed],
        description="Records time given through a timebank, by a person or organisation to another.",
    )
    async def record_exchange(self, info: Info, input: gql.ExchangeInput) -> Exchange:
        data = validated(rules.ExchangeInput, gql.present(input))
        people = [i for i in (data.giver_id, data.receiver_id) if await info.context.loaders.person.load(i)]
        await _may_record_for(info, people)
        made = await info.context.write("recordExchange", lambda r: people, record_exchange, data, info.context.recorded())
        return Exchange.of(made)
