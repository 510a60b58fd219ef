"""A synthetic community for benchmarks: deterministic from a seed number.

Services with their clients and paid staff, community groups and a timebank,
a realistic spread of unpaid ties (many people with none or one, a few with
many, mostly within their own area), paid supporters for every client, and
two years of churn: ties and memberships that start and end inside the
window, with clients slowly joining groups so that trends have something to
show. Nothing here is real.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from netmap.domain.kinds import OrganisationKind, Role, TieKind
from netmap.domain.records import Consent, Organisation, Participation, Person, Recorded, Tie
from netmap.domain.valid_time import Period

START = date(2024, 11, 1)
END = date(2026, 11, 1)
INTERESTS = (
    "gardening", "football", "crafts", "music", "cooking", "walking", "painting", "computers",
    "reading", "faith", "fishing", "dancing", "golf", "knitting", "history", "swimming",
)  # fmt: skip
SERVICE_KINDS = ("day service", "supported living", "residential", "Shared Lives scheme", "PA employer")
UNPAID_KINDS = (
    (TieKind.FAMILY, 25), (TieKind.FRIEND, 35), (TieKind.NEIGHBOUR, 15), (TieKind.ACQUAINTANCE, 10),
    (TieKind.COLLEAGUE, 8), (TieKind.PEER_SUPPORT, 5), (TieKind.PARTNER, 2),
)  # fmt: skip
RECORDED = Recorded(by="synthetic", at=datetime(2026, 11, 1, tzinfo=timezone.utc))
CONSENTED = Consent(mapped=True, show_to_organisers=True, use_in_aggregates=True, recorded=RECORDED)


@dataclass(frozen=True)
class SyntheticCommunity:
    people: list[Person]
    organisations: list[Organisation]
    ties: list[Tie]
    participations: list[Participation]

    @property
    def services(self) -> list[Organisation]:
        return [o for o in self.organisations if o.kind is OrganisationKind.SERVICE]

    def size(self) -> int:
        return len(self.people) + len(self.organisations) + len(self.ties) + len(self.participations)


class _Builder:
    def __init__(self, size: int, seed: int) -> None:
        self.random = random.Random(seed)
        self.seed = seed
        self.size = size
        self.areas = [f"Area {i + 1}" for i in range(max(1, size // 2000))]
        self.people: list[Person] = []
        self.organisations: list[Organisation] = []
        self.ties: list[Tie] = []
        self.participations: list[Participation] = []
        self.pairs: set[tuple[int, int]] = set()
        self.area_of: list[int] = []
        self.by_area: list[list[int]] = [[] for _ in self.areas]

    def id(self, *parts: object) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"netmap-synthetic:{self.seed}:" + ":".join(map(str, parts))))

    def day(self, start: date = START, end: date = END) -> date:
        return start + timedelta(days=self.random.randrange(max(1, (end - start).days)))

    def build(self) -> SyntheticCommunity:
        rnd = self.random
        for i in range(self.size):
            area = rnd.randrange(len(self.areas))
            self.area_of.append(area)
            self.by_area[area].append(i)
            self.people.append(
                Person(
                    id=self.id("person", i),
                    name=f"Person {i:06d}",
                    recorded=RECORDED,
                    area=self.areas[area],
                    interests=tuple(rnd.sample(INTERESTS, rnd.randint(0, 3))),
                    skills=tuple(rnd.sample(INTERESTS, rnd.randint(0, 2))),
                    consent=CONSENTED,
                )
            )
        clients, staff = self.services()
        self.groups(clients)
        self.unpaid_ties(clients)
        return SyntheticCommunity(self.people, self.organisations, self.ties, self.participations)

    def organisation(self, key: str, name: str, kind: OrganisationKind, category: str, area: int) -> str:
        organisation = Organisation(
            id=self.id("organisation", key),
            name=name,
            kind=kind,
            recorded=RECORDED,
            category=category,
            area=self.areas[area],
            interests=tuple(self.random.sample(INTERESTS, 2)),
        )
        self.organisations.append(organisation)
        return organisation.id

    def participate(self, person: int, organisation: str, role: Role, period: Period) -> None:
        self.participations.append(
            Participation(
                id=self.id("participation", len(self.participations)),
                person_id=self.people[person].id,
                organisation_id=organisation,
                role=role,
                period=period,
                recorded=RECORDED,
            )
        )

    def tie(self, a: int, b: int, kind: TieKind, period: Period) -> None:
        pair = (min(a, b), max(a, b))
        if a == b or pair in self.pairs:
            return
        self.pairs.add(pair)
        self.ties.append(
            Tie(
                id=self.id("tie", len(self.ties)),
                person_id=self.people[a].id,
                other_id=self.people[b].id,
                kind=kind,
                period=period,
                recorded=RECORDED,
            )
        )

    def services(self) -> tuple[set[int], set[int]]:
        """A service per ~250 people; a quarter of people are clients, 1 in 20 are staff."""
        rnd = self.random
        count = max(1, self.size // 250)
        ids = [
            self.organisation(f"service-{s}", f"Service {s}", OrganisationKind.SERVICE,
                              SERVICE_KINDS[s % len(SERVICE_KINDS)], s % len(self.areas))
            for s in range(count)
        ]  # fmt: skip
        clients: set[int] = set()
        staff_of: dict[str, list[int]] = {sid: [] for sid in ids}
        for i in range(self.size):
            draw = rnd.random()
            service = ids[rnd.randrange(count)]
            if draw < 0.05:
                staff_of[service].append(i)
                self.participate(i, service, Role.STAFF, Period(date(2018, 1, 1) + timedelta(days=rnd.randrange(2500))))
            elif draw < 0.30:
                clients.add(i)
                since = date(2020, 1, 1) + timedelta(days=rnd.randrange(1500)) if rnd.random() < 0.8 else self.day()
                until = self.day(since + timedelta(days=30), END + timedelta(days=400)) if rnd.random() < 0.1 else None
                period = Period(since, until if until and until > since and until <= END else None)
                self.participate(i, service, Role.SUPPORTED, period)
                workers = staff_of[service] or [rnd.randrange(self.size)]
                for worker in rnd.sample(workers, min(len(workers), rnd.randint(1, 3))):
                    self.tie(i, worker, TieKind.PAID_SUPPORT, period)
        return clients, {i for members in staff_of.values() for i in members}

    def groups(self, clients: set[int]) -> None:
        """A group per ~80 people and a timebank per ~5000; clients join slowly over the window."""
        rnd = self.random
        groups = [
            self.organisation(f"group-{g}", f"Group {g}", OrganisationKind.COMMUNITY_GROUP, "club", g % len(self.areas))
            for g in range(max(1, self.size // 80))
        ]
        groups += [
            self.organisation(f"timebank-{t}", f"Timebank {t}", OrganisationKind.TIMEBANK, "timebank", t % len(self.areas))
            for t in range(max(1, self.size // 5000))
        ]
        roles = (Role.MEMBER, Role.MEMBER, Role.ATTENDEE, Role.VOLUNTEER, Role.ORGANISER)
        for i in range(self.size):
            is_client = i in clients
            if rnd.random() > (0.35 if is_client else 0.45):
                continue
            for group in rnd.sample(groups, min(len(groups), rnd.randint(1, 3))):
                since = self.day() if is_client else date(2015, 1, 1) + timedelta(days=rnd.randrange(4000))
                until = self.day(since + timedelta(days=60), END) if rnd.random() < 0.12 else None
                period = Period(since, until if until and until > since else None)
                self.participate(i, group, rnd.choice(roles), period)

    def unpaid_ties(self, clients: set[int]) -> None:
        """Degrees from a skewed spread: some people have no unpaid tie at all (many more
        of the clients), most have a few, a few have many, mostly within their area."""
        rnd = self.random
        kinds = [kind for kind, _ in UNPAID_KINDS]
        weights = [weight for _, weight in UNPAID_KINDS]
        alone = {i for i in range(self.size) if rnd.random() < (0.55 if i in clients else 0.12)}
        reachable = [[i for i in members if i not in alone] for members in self.by_area]
        everyone = [i for i in range(self.size) if i not in alone]
        for i in everyone:
            wanted = min(40, int(rnd.expovariate(1 / 2.0)) + 1)
            neighbours = reachable[self.area_of[i]] or everyone
            for _ in range(wanted):
                other = rnd.choice(neighbours) if rnd.random() < 0.8 else rnd.choice(everyone)
                joined = i in clients and rnd.random() < 0.5
                since = self.day() if joined or rnd.random() < 0.15 else date(1990, 1, 1) + timedelta(days=rnd.randrange(12000))
                until = self.day(since + timedelta(days=30), END) if rnd.random() < 0.10 else None
                self.tie(i, other, rnd.choices(kinds, weights)[0], Period(since, until if until and until > since else None))


def generate(size: int, seed: int = 1) -> SyntheticCommunity:
    """A community of ``size`` people, the same for the same ``size`` and ``seed``."""
    if size < 1:
        raise ValueError("a community needs at least one person")
    return _Builder(size, seed).build()
