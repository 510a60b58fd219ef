"""Suggestions for a person (activities and peer buddies) and the asset search."""

from __future__ import annotations

from datetime import date, timedelta

import strawberry

from netmap.analysis.suggestions import rank_activities, rank_buddies
from netmap.api.community_groups import Activity
from netmap.api.context import Info, operation_of
from netmap.services.guards import person_to_name
from netmap.api.pagination import DEFAULT_PAGE, Connection, connection
from netmap.store.pages import decode_cursor, page_size
from netmap.api.permissions import Allowed
from netmap.api.types import Person, shown_all
from netmap.services.visibility import Appearance, shows_identity
from netmap.domain.activities import Status
from netmap.domain.kinds import OrganisationKind, Role
from netmap.store.activities import all_activities
from netmap.store.attendance import ATTEND_WINDOW_DAYS, attendance_counts
from netmap.store.people import PeopleFilter, buddy_candidates, page_people

LOOKAHEAD_DAYS = 60
GOING_ROLES = {Role.MEMBER, Role.ATTENDEE, Role.VOLUNTEER, Role.ORGANISER, Role.ROLE}


@strawberry.type(description="An activity suggested for a person, with why.")
class Suggestion:
    activity: Activity
    score: float = strawberry.field(description="Higher is a better fit; see docs/activities.md for the rule.")
    reasons: list[str]
    suitable: bool = strawberry.field(description="False when it lacks an accessibility feature they need.")
    missing_features: list[str]


@strawberry.type(description="Someone who offered to go along with people new to a group, and what they share.")
class Buddy:
    person: Person
    shared_interests: list[str]


async def _unpaid_contacts(info: Info, person_ids: list[str], at: date) -> dict[str, set[str]]:
    found = await info.context.loaders.ties.load_many(person_ids)
    return {
        pid: {t.other_end(pid) for t in ties if not t.paid and t.period.active_at(at)}
        for pid, ties in zip(person_ids, found)
    }


async def _named_in_maps(info: Info, person_ids: list[str]) -> list[str]:
    """Those of ``person_ids`` whose ties and participations may be used at all: not
    anyone who asked not to be named (they would be anonymous in a map)."""
    found = await info.context.loaders.person.load_many(person_ids)
    return [
        p.id for p in found
        if p is not None and shows_identity(await info.context.view_of(p, Appearance.CONTACT, operation_of(info)))
    ]  # fmt: skip


@strawberry.type
class SuggestionQuery:
    @strawberry.field(
        permission_classes=[Allowed],
        description=(
            "Activities for a person at a date (default today), best first, each with its reasons. "
            "Those lacking an access feature they need are left out unless includeUnsuitable."
        ),
    )
    async def suggestions(
        self,
        info: Info,
        person_id: strawberry.ID,
        at: date | None = None,
        include_unsuitable: bool = False,
        first: int = 10,
    ) -> list[Suggestion]:
        day = at or info.context.today
        person = await person_to_name(info.context, operation_of(info), str(person_id), owns_map=True)
        known = (await _unpaid_contacts(info, [person.id], day))[person.id]
        around = await _unpaid_contacts(info, sorted(known), day)
        friends_of_friends = set().union(*around.values()) - known - {person.id}
        horizon = day + timedelta(days=LOOKAHEAD_DAYS)
        activities = [
            a for a in await info.context.store.read(all_activities)
            if a.status is Status.ACTIVE and a.schedule.sessions(day, horizon)
        ]  # fmt: skip
        circle = await _named_in_maps(info, sorted({person.id} | known | friends_of_friends))
        known, friends_of_friends = known & set(circle), friends_of_friends & set(circle)
        participations = await info.context.loaders.participations.load_many(circle)
        organisations = {p.organisation_id for ps in participations for p in ps}
        orgs = {o.id: o for o in await info.context.loaders.organisation.load_many(sorted(organisations)) if o}
        taking_part: dict[str, set[str]] = {}
        for pid, ps in zip(circle, participations):
            for p in ps:
                kind = orgs[p.organisation_id].kind if p.organisation_id in orgs else None
                if p.role in GOING_ROLES and p.period.active_at(day) and kind is not OrganisationKind.SERVICE:
                    taking_part.setdefault(p.organisation_id, set()).add(pid)
        attended = await info.context.store.read(
            attendance_counts, [a.id for a in activities], day - timedelta(days=ATTEND_WINDOW_DAYS), day
        )
        goers = {a.id: taking_part.get(a.organisation_id, set()) | (set(attended[a.id]) & set(circle)) for a in activities}
        already = {a.id for a in activities if person.id in goers[a.id]}
        people = await info.context.loaders.person.load_many(sorted(known))
        names = {p.id: p.name for p in people if p}
        ranked = rank_activities(
            person, activities, goers, known, friends_of_friends, names, already, include_unsuitable
        )
        info.context.note_read(person.id, "suggestions")
        return [
            Suggestion(
                activity=Activity.of(s.activity), score=s.score, reasons=list(s.reasons),
                suitable=not s.missing_features, missing_features=list(s.missing_features),
            )
            for s in ranked[: max(1, min(first, 50))]
        ]  # fmt: skip

    @strawberry.field(
        permission_classes=[Allowed],
        description="People in your scope who offered to buddy and share an interest with the person.",
    )
    async def buddies(self, info: Info, person_id: strawberry.ID, at: date | None = None) -> list[Buddy]:
        day = at or info.context.today
        person = await person_to_name(info.context, operation_of(info), str(person_id), owns_map=True)
        known = (await _unpaid_contacts(info, [person.id], day))[person.id]
        candidates = await info.context.store.read(buddy_candidates, list(person.interests))
        ranked = rank_buddies(person, candidates, known)
        people = await shown_all(info, (b.person for b in ranked))
        return [Buddy(person=p, shared_interests=list(b.shared_interests)) for p, b in zip(people, ranked) if p]

    @strawberry.field(
        permission_classes=[Allowed],
        description="People in your scope who agreed to be mapped and have this skill or interest.",
    )
    async def assets(
        self, info: Info, offering: str, first: int = DEFAULT_PAGE, after: str | None = None
    ) -> Connection[Person]:
        page = await info.context.store.read(
            page_people, PeopleFilter(offering=offering), decode_cursor(after), page_size(first), info.context.scope("assets")
        )
        return connection(page, await shown_all(info, page.items))
