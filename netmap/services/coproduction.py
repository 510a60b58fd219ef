"""A service's co-production evidence (the self-assessment) as a caller may see it:
for analysts, counts rounded, small ones suppressed, and none of the figures or
words that rest on exact counts (``services.disclosure``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from netmap.analysis.assessment import PrincipleEvidence, ServiceEvidence, coverage_sentence, service_evidence
from netmap.analysis.evidence import Coverage
from netmap.analysis.stages import Principle, Stage, Status, Trend
from netmap.domain.access import AccessRole
from netmap.domain.errors import Forbidden, NotFound, Suppressed
from netmap.services.cohorts import control_of
from netmap.services.context import Context
from netmap.services.disclosure import DisclosureControl
from netmap.store.service_settings import settings_of


@dataclass(frozen=True)
class CoverageShown:
    supported: int | None
    not_counted: int | None
    not_reviewed: int | None
    counted: int | None
    share: float | None
    review_months: int
    sentence: str | None
    """None for analysts: it gives exact numbers."""


@dataclass(frozen=True)
class IndicatorShown:
    name: str
    value: float | None
    higher_is_better: bool
    bars: tuple[str, ...]
    """Each stage and the value it needs, e.g. 'GOT_THE_BASICS: 0.5'."""
    stage: Stage | None


@dataclass(frozen=True)
class PrincipleShown:
    principle: Principle
    status: Status
    stage: Stage | None
    stage_label: str | None
    indicators: tuple[IndicatorShown, ...]
    reason: str
    trend: Trend
    compared_with: date
    sentence: str


@dataclass(frozen=True)
class EvidenceShown:
    service_id: str
    at: date
    people: int | None
    coverage: CoverageShown
    principles: tuple[PrincipleShown, ...]


def coverage_shown(c: Coverage, control: DisclosureControl | None = None) -> CoverageShown:
    counts = (c.supported, c.not_counted, c.not_reviewed, c.counted)
    if control is None:
        return CoverageShown(*counts, share=c.share, review_months=c.review_months, sentence=coverage_sentence(c))
    return CoverageShown(
        *(control.count(v) for v in counts),
        share=control.share(c.counted, c.supported), review_months=c.review_months, sentence=None,
    )  # fmt: skip


def principle_shown(p: PrincipleEvidence, control: DisclosureControl | None = None) -> PrincipleShown:
    label = p.stage.label if p.stage else None
    indicators = tuple(
        IndicatorShown(name=i.name, value=None if control is not None else i.value, higher_is_better=i.higher_is_better,
                       bars=tuple(f"{stage.value}: {bar:g}" for stage, bar in i.bars), stage=i.stage)
        for i in p.indicators
    )  # fmt: skip
    reason, sentence = p.reason, p.sentence
    if control is not None:  # the words without the numbers of people in them
        if p.status is Status.NOT_ENOUGH_EVIDENCE:
            reason = "not enough people counted (small numbers are not shown)"
            sentence = f"Not enough evidence: {reason}."
        elif p.stage is not None:
            reason, sentence = "", f"The figures suggest \u201c{label}\u201d."
        else:
            reason, sentence = "", f"The figures do not reach the bars for \u201c{Stage.GOT_THE_BASICS.label}\u201d."
    return PrincipleShown(
        principle=p.principle, status=p.status, stage=p.stage, stage_label=label, indicators=indicators,
        reason=reason, trend=p.trend, compared_with=p.compared_with, sentence=sentence,
    )  # fmt: skip


def evidence_shown(a: ServiceEvidence, control: DisclosureControl | None = None) -> EvidenceShown:
    """With ``control`` (for analysts): counts rounded, small ones suppressed, and none of
    the figures or words that rest on exact counts."""
    return EvidenceShown(
        service_id=a.service_id, at=a.at, people=a.people if control is None else control.count(a.people),
        coverage=coverage_shown(a.coverage, control), principles=tuple(principle_shown(p, control) for p in a.principles),
    )  # fmt: skip


async def self_assessment(ctx: Context, service_id: str, at: date | None = None) -> EvidenceShown:
    """netmap's measured evidence for a service's co-production self-reflection at ``at``."""
    ctx.allow("selfAssessment")
    principal = ctx.principal
    if principal and principal.role is AccessRole.SERVICE_MANAGER and principal.scope_id != service_id:
        raise Forbidden("Service managers see their own service's self-assessment only.")
    snapshot = await ctx.network.get(ctx.store)
    if service_id not in snapshot.network.organisations:
        raise NotFound("service", service_id)
    settings = (await ctx.store.read(settings_of, [service_id]))[service_id]
    day = at or ctx.today
    found = await asyncio.to_thread(
        lambda: service_evidence(snapshot.network, service_id, day, timebank_id=settings.timebank_id)
    )
    control = control_of(ctx)
    if control is not None and control.count(found.people) is None:
        raise Suppressed("Too few people are counted in this service for its evidence to be shown to analysts.")
    return evidence_shown(found, control)
