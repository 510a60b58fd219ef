"""The analysis layer: measures of connectedness and isolation at any date.

Pure Python and networkx over records from :mod:`netmap.domain`; never
imports the store or the API. Build a :class:`TemporalNetwork` once from the
records, then ask any date. Definitions in plain words: ``docs/measures.md``.
"""

from __future__ import annotations

from netmap.analysis.assessment import (
    Indicator,
    PrincipleEvidence,
    ServiceEvidence,
    service_evidence,
)
from netmap.analysis.changes import CohortChanges, EndedContact, LostTies, cohort_changes
from netmap.analysis.circles import Circle, CircleEntry, Circles, Member, circles
from netmap.analysis.cohort import (
    AreaCohort,
    Caseload,
    Cohort,
    CohortMeasures,
    ServiceCohort,
    UnpaidTieBands,
    cohort_measures,
    cohort_members,
    cohort_trend,
)
from netmap.analysis.ego import effective_size, ego_density, ego_network, reach_two_steps
from netmap.analysis.enclave import (
    alters_outside_services,
    connected_beyond_service,
    enclave_share,
)
from netmap.analysis.evidence import Coverage, Evidence, gather_evidence
from netmap.analysis.links import (
    community_neighbours,
    community_participations,
    paid_alters,
    supported_by,
    unpaid_alters,
    unpaid_answers,
)
from netmap.analysis.person import (
    PersonMeasures,
    is_isolated,
    is_paid_only,
    measure_person,
    person_history,
)
from netmap.analysis.stages import Bands, Colour, Principle, Stage, Status, Thresholds, Trend
from netmap.analysis.steps import MAX_STEPS, Every, add_months, steps
from netmap.analysis.temporal import TemporalNetwork

__all__ = [
    "MAX_STEPS",
    "AreaCohort",
    "Bands",
    "Caseload",
    "Circle",
    "CircleEntry",
    "Circles",
    "Cohort",
    "CohortChanges",
    "CohortMeasures",
    "Colour",
    "Coverage",
    "EndedContact",
    "Every",
    "Evidence",
    "Indicator",
    "LostTies",
    "Member",
    "PersonMeasures",
    "Principle",
    "PrincipleEvidence",
    "ServiceCohort",
    "ServiceEvidence",
    "Stage",
    "Status",
    "TemporalNetwork",
    "Thresholds",
    "Trend",
    "UnpaidTieBands",
    "add_months",
    "alters_outside_services",
    "circles",
    "cohort_changes",
    "cohort_measures",
    "cohort_members",
    "cohort_trend",
    "community_neighbours",
    "community_participations",
    "connected_beyond_service",
    "effective_size",
    "ego_density",
    "ego_network",
    "enclave_share",
    "gather_evidence",
    "is_isolated",
    "is_paid_only",
    "measure_person",
    "paid_alters",
    "person_history",
    "reach_two_steps",
    "service_evidence",
    "steps",
    "supported_by",
    "unpaid_alters",
    "unpaid_answers",
]
