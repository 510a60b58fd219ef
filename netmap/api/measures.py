"""GraphQL types for the analyses: person measures, cohort figures, changes,
the co-production self-assessment and self-reported answers."""

from __future__ import annotations

from datetime import date

import strawberry

from netmap.analysis.assessment import PrincipleEvidence
from netmap.analysis.changes import CohortChanges
from netmap.analysis.circles import CircleEntry, Member
from netmap.analysis.person import PersonMeasures
from netmap.analysis.stages import Colour, Principle, Stage, Status, Trend
from netmap.analysis.steps import Every
from netmap.analysis.temporal import TemporalNetwork
from netmap.api.enums import Closeness
from netmap.domain.access import Principal
from netmap.domain.self_reports import Instrument, SelfReport
from netmap.services import cohorts as cohort_figures
from netmap.services.coproduction import EvidenceShown, PrincipleShown, principle_shown
from netmap.services.people import named_member

EveryStep = strawberry.enum(Every, name="Every", description="The step between dates in a history or trend.")
InstrumentEnum = strawberry.enum(Instrument, name="Instrument", description="LSNS6, UCLA3 or the ONS question.")
StageEnum = strawberry.enum(Stage, name="Stage", description="The self-reflection tool's four stages, lowest first.")
ColourEnum = strawberry.enum(Colour, name="Colour")
PrincipleEnum = strawberry.enum(Principle, name="Principle")
TrendEnum = strawberry.enum(Trend, name="Trend")
StatusEnum = strawberry.enum(
    Status, name="EvidenceStatus",
    description="SHOWN: the figures reach a stage; BELOW_BASICS: not the basics' bars; NOT_ENOUGH_EVIDENCE.",
)
MemberEnum = strawberry.enum(Member, name="CircleMemberKind")


@strawberry.type(description="Someone or something in a relationship circle, and how they are linked.")
class CircleMember:
    kind: MemberEnum
    id: strawberry.ID | None = strawberry.field(description="Null for someone who asked not to be named.")
    name: str
    relation: str = strawberry.field(description="The tie's kind or the participation's role.")
    title: str | None
    closeness: Closeness | None = strawberry.field(
        default=None,
        description=(
            "The person's own answer to \"how close?\" on this tie; null for groups, when not asked, "
            "and when the tie was recorded from the other person's side."
        ),
    )

    @classmethod
    def of(cls, entry: CircleEntry, network: TemporalNetwork, caller: Principal | None) -> CircleMember:
        named = named_member(entry, network, caller)
        found = None if named.id is None else strawberry.ID(named.id)
        return cls(
            kind=named.member, id=found, name=named.name, relation=named.relation, title=named.title,
            closeness=named.closeness,
        )  # fmt: skip


@strawberry.type(
    description=(
        "Person-centred planning's circles: intimacy (family, partner), friendship (friends, "
        "neighbours, peer supporters), participation (colleagues, acquaintances, groups, roles), "
        "exchange (paid supporters and services)."
    )
)
class Circles:
    intimacy: list[CircleMember]
    friendship: list[CircleMember]
    participation: list[CircleMember]
    exchange: list[CircleMember]


@strawberry.type(description="A person's network at one date. docs/measures.md defines each figure.")
class Measures:
    at: date
    unpaid_ties: int = strawberry.field(description="Distinct people linked by an active unpaid tie.")
    paid_ties: int = strawberry.field(description="Distinct people linked by an active paid tie.")
    community_participations: int = strawberry.field(
        description="Active parts in groups that are not services, in any role but paid staff."
    )
    paid_only: bool = strawberry.field(description="Has paid contact, and no unpaid tie and no community participation.")
    isolated: bool = strawberry.field(description="No unpaid tie and no community participation.")
    supported_by: list[strawberry.ID]
    circles: Circles
    ego_size: int
    ego_density: float | None = strawberry.field(description="How many of their unpaid contacts know each other (0–1).")
    effective_size: float | None = strawberry.field(description="Burt's effective size: contacts who are not redundant.")
    reach_two_steps: int = strawberry.field(description="People within two steps through unpaid ties and shared groups.")
    enclave_share: float | None = strawberry.field(
        description="Of their unpaid contacts, the share who are staff or clients of the services supporting them."
    )
    connected_beyond_service: bool | None = strawberry.field(
        description="Whether their unpaid links reach anyone outside the services supporting them."
    )
    unpaid_in_touch_monthly: int = strawberry.field(
        description=(
            "Distinct unpaid contacts in touch weekly or monthly or more often. Ties with no recorded "
            "contact frequency do not count: read it with unpaidContactFrequencyRecorded."
        )
    )
    unpaid_contact_frequency_recorded: int = strawberry.field(
        description="Distinct unpaid contacts whose contact frequency is recorded, whatever the answer."
    )
    close_unpaid_ties: int = strawberry.field(
        description=(
            "Distinct unpaid contacts the person feels closest or close to, by their own answer. "
            "Ties with no answer do not count: read it with unpaidClosenessRecorded."
        )
    )
    unpaid_closeness_recorded: int = strawberry.field(
        description="Distinct unpaid contacts whose closeness the person has answered, whatever the answer."
    )

    @classmethod
    def of(cls, measured: PersonMeasures, network: TemporalNetwork, caller: Principal | None) -> Measures:
        """``caller`` decides, by the visibility rule, who in the circles is named."""
        c = measured.circles
        return cls(
            at=measured.at, unpaid_ties=measured.unpaid_ties, paid_ties=measured.paid_ties,
            community_participations=measured.community_participations, paid_only=measured.paid_only,
            isolated=measured.isolated, supported_by=[strawberry.ID(s) for s in measured.supported_by],
            circles=Circles(
                intimacy=[CircleMember.of(e, network, caller) for e in c.intimacy],
                friendship=[CircleMember.of(e, network, caller) for e in c.friendship],
                participation=[CircleMember.of(e, network, caller) for e in c.participation],
                exchange=[CircleMember.of(e, network, caller) for e in c.exchange],
            ),
            ego_size=measured.ego_size, ego_density=measured.ego_density, effective_size=measured.effective_size,
            reach_two_steps=measured.reach_two_steps, enclave_share=measured.enclave_share,
            connected_beyond_service=measured.connected_beyond_service,
            unpaid_in_touch_monthly=measured.unpaid_in_touch_monthly,
            unpaid_contact_frequency_recorded=measured.unpaid_contact_frequency_recorded,
            close_unpaid_ties=measured.close_unpaid_ties, unpaid_closeness_recorded=measured.unpaid_closeness_recorded,
        )  # fmt: skip


@strawberry.type(description="A person's answers to one instrument on one date, scored.")
class SelfReportType:
    id: strawberry.ID
    instrument: InstrumentEnum
    date: date
    answers: list[int]
    answer: str | None
    score: int | None
    concern: bool = strawberry.field(
        description=(
            "At risk of isolation (LSNS-6 < 12), lonely (UCLA-3 ≥ 6) or chronically lonely (ONS), "
            "with the default cut-offs; a service's figures use its own (serviceSettings)."
        )
    )
    interpretation: str

    @classmethod
    def of(cls, report: SelfReport) -> SelfReportType:
        return cls(
            id=strawberry.ID(report.id), instrument=report.instrument, date=report.date, answers=list(report.answers),
            answer=report.answer, score=report.score, concern=report.concern(), interpretation=report.interpretation,
        )  # fmt: skip


@strawberry.type(description="One instrument across a cohort: latest answers within a year.")
class InstrumentFiguresType:
    instrument: InstrumentEnum
    reported: int | None
    mean_score: float | None
    concern: int | None
    concern_share: float | None


@strawberry.type(description="How many people have 0, 1, 2, 3–5 and 6 or more unpaid ties.")
class Bands:
    zero: int | None
    one: int | None
    two: int | None
    three_to_five: int | None
    six_or_more: int | None


@strawberry.type(
    description=(
        "A cohort's figures at a date. Only people who agreed to count in figures are counted "
        "(`notCounted` says how many were left out). For analysts, counts are rounded to the "
        "nearest 5, counts below the suppression threshold (0 included) are null and named in "
        "`suppressed`, shares come from the rounded counts, and no one is named."
    )
)
class CohortFigures:
    at: date
    size: int | None
    not_counted: int | None
    paid_only: int | None
    paid_only_share: float | None
    isolated: int | None
    isolated_share: float | None
    median_unpaid_ties: float | None
    unpaid_tie_bands: Bands
    with_unpaid_tie_outside: int | None
    with_unpaid_tie_outside_share: float | None
    with_community_participation: int | None
    with_community_participation_share: float | None
    median_unpaid_in_touch_monthly: float | None = strawberry.field(
        description="Median number of unpaid contacts in touch at least monthly (unrecorded answers count as not)."
    )
    with_unpaid_in_touch_monthly: int | None = strawberry.field(
        description="People with at least one unpaid contact in touch at least monthly."
    )
    with_unpaid_in_touch_monthly_share: float | None
    with_contact_frequency_recorded: int | None = strawberry.field(
        description="People with at least one unpaid tie whose contact frequency is recorded."
    )
    median_close_unpaid_ties: float | None = strawberry.field(
        description="Median number of unpaid contacts felt closest or close (unrecorded answers count as not)."
    )
    with_close_unpaid_tie: int | None = strawberry.field(
        description="People with at least one unpaid contact they feel closest or close to."
    )
    with_close_unpaid_tie_share: float | None
    with_closeness_recorded: int | None = strawberry.field(
        description="People with at least one unpaid tie whose closeness they answered."
    )
    self_reported: list[InstrumentFiguresType]
    timebank_gives_and_gets: int | None = strawberry.field(
        description="People who both gave and received timebank hours in the year up to the date."
    )
    timebank_gives_and_gets_share: float | None
    timebank_only_receives: int | None = strawberry.field(
        description="People who received timebank hours in that year but gave none."
    )
    timebank_only_receives_share: float | None
    paid_only_people: list[strawberry.ID] | None
    isolated_people: list[strawberry.ID] | None
    suppressed: list[str]

    @classmethod
    def of(cls, f: cohort_figures.CohortFigures) -> CohortFigures:
        """The service's figures (disclosure control already applied for analysts)."""
        b = f.unpaid_tie_bands
        return cls(
            at=f.at, size=f.size, not_counted=f.not_counted, paid_only=f.paid_only, paid_only_share=f.paid_only_share,
            isolated=f.isolated, isolated_share=f.isolated_share, median_unpaid_ties=f.median_unpaid_ties,
            unpaid_tie_bands=Bands(zero=b.zero, one=b.one, two=b.two, three_to_five=b.three_to_five,
                                   six_or_more=b.six_or_more),
            with_unpaid_tie_outside=f.with_unpaid_tie_outside,
            with_unpaid_tie_outside_share=f.with_unpaid_tie_outside_share,
            with_community_participation=f.with_community_participation,
            with_community_participation_share=f.with_community_participation_share,
            median_unpaid_in_touch_monthly=f.median_unpaid_in_touch_monthly,
            with_unpaid_in_touch_monthly=f.with_unpaid_in_touch_monthly,
            with_unpaid_in_touch_monthly_share=f.with_unpaid_in_touch_monthly_share,
            with_contact_frequency_recorded=f.with_contact_frequency_recorded,
            median_close_unpaid_ties=f.median_close_unpaid_ties,
            with_close_unpaid_tie=f.with_close_unpaid_tie,
            with_close_unpaid_tie_share=f.with_close_unpaid_tie_share,
            with_closeness_recorded=f.with_closeness_recorded,
            self_reported=[
                InstrumentFiguresType(instrument=i.instrument, reported=i.reported, mean_score=i.mean_score,
                                      concern=i.concern, concern_share=i.concern_share)
                for i in f.self_reported
            ],
            timebank_gives_and_gets=f.timebank_gives_and_gets,
            timebank_gives_and_gets_share=f.timebank_gives_and_gets_share,
            timebank_only_receives=f.timebank_only_receives,
            timebank_only_receives_share=f.timebank_only_receives_share,
            paid_only_people=None if f.paid_only_people is None else [strawberry.ID(i) for i in f.paid_only_people],
            isolated_people=None if f.isolated_people is None else [strawberry.ID(i) for i in f.isolated_people],
            suppressed=list(f.suppressed),
        )  # fmt: skip


@strawberry.type(description="A contact whose unpaid tie with the person ended between the two dates.")
class EndedContact:
    person_id: strawberry.ID
    kinds: list[str]


@strawberry.type(description="Someone whose unpaid contacts ended between the dates (new ones may have come).")
class LostTies:
    person_id: strawberry.ID
    before: int
    after: int
    lost: int = strawberry.field(description="How many of their unpaid contacts ended.")
    ended: list[EndedContact]


@strawberry.type(description="Who moved between two dates: the early-warning list a planner acts on.")
class Changes:
    from_date: date
    to_date: date
    joined: list[strawberry.ID]
    left: list[strawberry.ID]
    became_paid_only: list[strawberry.ID]
    left_paid_only: list[strawberry.ID]
    became_isolated: list[strawberry.ID]
    left_isolation: list[strawberry.ID]
    lost_unpaid_ties: list[LostTies]

    @classmethod
    def of(cls, c: CohortChanges) -> Changes:
        ids = lambda found: [strawberry.ID(i) for i in found]  # noqa: E731
        return cls(
            from_date=c.from_date, to_date=c.to_date, joined=ids(c.joined), left=ids(c.left),
            became_paid_only=ids(c.became_paid_only), left_paid_only=ids(c.left_paid_only),
            became_isolated=ids(c.became_isolated), left_isolation=ids(c.left_isolation),
            lost_unpaid_ties=[
                LostTies(
                    person_id=strawberry.ID(lost.person_id), before=lost.before, after=lost.after, lost=lost.lost,
                    ended=[EndedContact(person_id=strawberry.ID(e.person_id), kinds=sorted({t.kind.value for t in e.ties}))
                           for e in lost.ended],
                )
                for lost in c.lost_unpaid_ties
            ],
        )  # fmt: skip


@strawberry.type(description="One figure behind a principle's evidence and the bar each stage needs.")
class IndicatorType:
    name: str
    value: float | None
    higher_is_better: bool
    bars: list[str] = strawberry.field(description="Each stage and the value it needs, e.g. 'GOT_THE_BASICS: 0.5'.")
    stage: StageEnum | None = strawberry.field(description="The highest stage whose bar it reaches; null: none, or no value.")


@strawberry.type(
    description=(
        "Of the people a service supports, who the figures count: those who agreed to be counted "
        "and whose network was reviewed in the last `reviewMonths` months."
    )
)
class CoverageType:
    supported: int | None
    not_counted: int | None = strawberry.field(description="Did not agree to count in figures.")
    not_reviewed: int | None = strawberry.field(description="Agreed, but their network was not reviewed recently.")
    counted: int | None
    share: float | None
    review_months: int
    sentence: str | None = strawberry.field(description="Null for analysts when a count is too small to show.")


@strawberry.type(
    name="PrincipleEvidence",
    description=(
        "What netmap's figures show for one principle: evidence to set beside the people's own "
        "judgement, not a score. The figures never point to the first stage."
    ),
)
class PrincipleEvidenceType:
    principle: PrincipleEnum
    status: StatusEnum
    stage: StageEnum | None = strawberry.field(description="The stage whose bars the figures reach (status SHOWN).")
    stage_label: str | None = strawberry.field(description="The tool's own words for that stage.")
    indicators: list[IndicatorType]
    reason: str
    trend: TrendEnum
    compared_with: date
    sentence: str

    @classmethod
    def of(cls, p: PrincipleEvidence) -> PrincipleEvidenceType:
        return cls.shown(principle_shown(p))

    @classmethod
    def shown(cls, p: PrincipleShown) -> PrincipleEvidenceType:
        return cls(
            principle=p.principle, status=p.status, stage=p.stage, stage_label=p.stage_label,
            indicators=[
                IndicatorType(name=i.name, value=i.value, higher_is_better=i.higher_is_better, bars=list(i.bars),
                              stage=i.stage)
                for i in p.indicators
            ],
            reason=p.reason, trend=p.trend, compared_with=p.compared_with, sentence=p.sentence,
        )  # fmt: skip


@strawberry.type(
    name="CoproductionEvidence",
    description="netmap's measured evidence for the four co-production principles, for one service at a date.",
)
class CoproductionEvidence:
    service_id: strawberry.ID
    at: date
    people: int | None = strawberry.field(description="The people counted (coverage.counted).")
    coverage: CoverageType
    principles: list[PrincipleEvidenceType]

    @classmethod
    def of(cls, a: EvidenceShown) -> CoproductionEvidence:
        """The service's evidence (disclosure control already applied for analysts)."""
        c = a.coverage
        return cls(
            service_id=strawberry.ID(a.service_id), at=a.at, people=a.people,
            coverage=CoverageType(supported=c.supported, not_counted=c.not_counted, not_reviewed=c.not_reviewed,
                                  counted=c.counted, share=c.share, review_months=c.review_months,
                                  sentence=c.sentence),
            principles=[PrincipleEvidenceType.shown(p) for p in a.principles],
        )  # fmt: skip
