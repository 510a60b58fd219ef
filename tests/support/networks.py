"""Networks drawn by hand for the analysis tests: :class:`Net`, the builder, and
service S, the cohort whose every figure is worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timezone

from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.kinds import OrganisationKind, Role, TieKind
from netmap.domain.records import Consent, Organisation, Participation, Person, Recorded, Tie
from netmap.domain.reviews import NetworkReview
from netmap.domain.timebank import Exchange
from netmap.domain.valid_time import Period

D = date.fromisoformat
REC = Recorded("tester", datetime(2024, 1, 1, 9, 0, tzinfo=timezone.utc))
START = "2020-01-01"


class Net:
    """Draw a network by hand: people, organisations, ties and participations."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.organisations: list[Organisation] = []
        self.ties: list[Tie] = []
        self.participations: list[Participation] = []
        self.exchanges: list[Exchange] = []
        self.reviews: list[NetworkReview] = []

    def person(
        self,
        *ids: str,
        area: str | None = None,
        skills: tuple[str, ...] = (),
        counted: bool = True,
    ) -> None:
        """People who agreed to everything, unless ``counted=False`` (no aggregate consent)."""
        consent = Consent(mapped=True, show_to_organisers=True, use_in_aggregates=counted)
        self.people.extend(
            Person(i, i.title(), REC, area=area, skills=skills, consent=consent) for i in ids
        )

    def org(self, oid: str, kind: OrganisationKind = OrganisationKind.COMMUNITY_GROUP) -> str:
        self.organisations.append(Organisation(oid, oid.title(), kind, REC))
        return oid

    def service(self, oid: str) -> str:
        return self.org(oid, OrganisationKind.SERVICE)

    def tie(
        self,
        a: str,
        b: str,
        kind: TieKind = TieKind.FRIEND,
        since: str = START,
        until: str | None = None,
        label: str | None = None,
    ) -> str:
        tid = f"t{len(self.ties) + 1}"
        period = Period(D(since), D(until) if until else None)
        self.ties.append(Tie(tid, a, b, kind, period, REC, label=label))
        return tid

    def part(
        self,
        pid: str,
        oid: str,
        role: Role = Role.MEMBER,
        since: str = START,
        until: str | None = None,
        title: str | None = None,
    ) -> str:
        xid = f"x{len(self.participations) + 1}"
        period = Period(D(since), D(until) if until else None)
        self.participations.append(Participation(xid, pid, oid, role, period, REC, title=title))
        return xid

    def exchange(self, giver: str, receiver: str, on: str, hours: float = 1.0, timebank: str | None = None) -> None:
        eid = f"e{len(self.exchanges) + 1}"
        self.exchanges.append(Exchange(eid, giver, receiver, hours, D(on), "help", timebank))

    def review(self, *ids: str, on: str) -> None:
        """The networks of ``ids`` were reviewed with them on ``on``."""
        self.reviews.extend(NetworkReview(f"r{len(self.reviews) + i}", pid, D(on), REC) for i, pid in enumerate(ids))

    def build(self) -> TemporalNetwork:
        return TemporalNetwork.build(
            self.people, self.organisations, self.ties, self.participations, self.exchanges, self.reviews
        )


AT = D("2024-06-01")
FROM = D("2023-12-01")


def service_s() -> TemporalNetwork:
    """Service S and the seven people it has supported.

    Everyone SUPPORTED by S from 2020, except p6 (until 2024-01-01) and p7 (from 2024-02-01).
    x1..x5 and f1..f6 are people outside S.

    p1: PAID_SUPPORT w1; FRIEND x4 until 2024-01-15.
    p2: nothing but S.
    p3: FRIEND p4; PEER_SUPPORT x3; skills recorded.
    p4: FRIEND p3, FRIEND x1, FRIEND x5 until 2024-05-01, FAMILY x2 from 2024-02-01;
        VOLUNTEER at the club; skills recorded.
    p5: MEMBER of the club from 2024-02-01.
    p6: nothing but S (and S ends on 2024-01-01).
    p7: FRIEND f1..f6.
    """
    net = Net()
    net.person("p1", "p2", area="north")
    net.person("p3", "p4", skills=("gardening",))
    net.person("p5", "p6", "p7", "w1", "x2", "x3", "x4", "x5", "f1", "f2", "f3", "f4", "f5", "f6")
    net.person("x1", area="north")
    net.service("S")
    net.org("club")
    for pid in ("p1", "p2", "p3", "p4", "p5"):
        net.part(pid, "S", Role.SUPPORTED)
    net.part("p6", "S", Role.SUPPORTED, until="2024-01-01")
    net.part("p7", "S", Role.SUPPORTED, since="2024-02-01")
    net.part("w1", "S", Role.STAFF)
    net.tie("p1", "w1", TieKind.PAID_SUPPORT)
    net.tie("p1", "x4", until="2024-01-15")
    net.tie("p3", "p4")
    net.tie("p3", "x3", TieKind.PEER_SUPPORT)
    net.tie("p4", "x1")
    net.tie("p4", "x5", until="2024-05-01")
    net.tie("p4", "x2", TieKind.FAMILY, since="2024-02-01")
    net.part("p4", "club", Role.VOLUNTEER)
    net.part("p5", "club", Role.MEMBER, since="2024-02-01")
    for i in range(1, 7):
        net.tie("p7", f"f{i}")
    return net.build()
