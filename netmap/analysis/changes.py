"""Who in a cohort changed between two dates: the early-warning list.

A falling share hides the person behind it. This names them: who became
paid-only or isolated, who lost unpaid contacts and which, and who got out
of paid-only contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netmap.analysis.cohort import Cohort, PersonSummary, cohort_members, summarise_person
from netmap.analysis.temporal import TemporalNetwork
from netmap.domain.errors import InvalidInput, Problem
from netmap.domain.records import Tie

__all__ = ["CohortChanges", "EndedContact", "LostTies", "cohort_changes", "ended_contacts"]


@dataclass(frozen=True)
class EndedContact:
    """Someone the person no longer has an unpaid tie with, and the ties that ended."""

    person_id: str
    ties: tuple[Tie, ...]


@dataclass(frozen=True)
class LostTies:
    """A person who lost unpaid contacts: how many they had, have, and who went."""

    person_id: str
    before: int
    after: int
    ended: tuple[EndedContact, ...]

    @property
    def lost(self) -> int:
        """How many contacts ended (new contacts may have made up for some)."""
        return len(self.ended)


@dataclass(frozen=True)
class CohortChanges:
    """What changed for the cohort's people between ``from_date`` and ``to_date``.

    ``joined`` and ``left`` list who entered or left the cohort (for a
    service cohort: started or stopped being supported). Every other list
    is about the people in the cohort on both dates, so that leaving the
    service is never read as leaving paid-only contact. All lists are
    sorted by person id.
    """

    from_date: date
    to_date: date
    joined: tuple[str, ...]
    left: tuple[str, ...]
    became_paid_only: tuple[str, ...]
    left_paid_only: tuple[str, ...]
    became_isolated: tuple[str, ...]
    left_isolation: tuple[str, ...]
    lost_unpaid_ties: tuple[LostTies, ...]


def ended_contacts(
    network: TemporalNetwork, person_id: str, before: PersonSummary, after: PersonSummary
) -> tuple[EndedContact, ...]:
    """The unpaid contacts at ``before.at`` who are no longer contacts at ``after.at``.

    Rule: alters by an active unpaid tie at the first date and by none at
    the second; with each, the unpaid ties between them that were active at
    the first date.
    """
    gone = sorted(before.unpaid - after.unpaid)
    ties = network.ties_of(person_id)
    return tuple(
        EndedContact(
            other,
            tuple(
                t
                for t in ties
                if not t.kind.paid
                and t.other_end(person_id) == other
                and t.period.active_at(before.at)
            ),
        )
        for other in gone
    )


def cohort_changes(
    network: TemporalNetwork, cohort: Cohort, from_date: date, to_date: date
) -> CohortChanges:
    """Compare each person in the cohort on both dates, and list who joined or left.

    Rules: *became paid-only* = not paid-only then, paid-only now (and
    *left paid-only* the reverse); *became isolated* = not isolated then,
    isolated now (and *left isolation* the reverse); *lost unpaid ties* =
    at least one unpaid contact at ``from_date`` is no longer one at
    ``to_date``, even if new contacts made up the number.

    Raises
    ------
    InvalidInput
        ``END_BEFORE_START`` when ``to_date`` is before ``from_date``; and
        whatever :func:`~netmap.analysis.cohort.validate_cohort` raises.
    """
    if to_date < from_date:
        message = f"to_date {to_date} is before from_date {from_date}"
        raise InvalidInput([Problem("toDate", "END_BEFORE_START", message)])
    then_ids = set(cohort_members(network, cohort, from_date))
    now_ids = set(cohort_members(network, cohort, to_date))
    stayed = sorted(then_ids & now_ids)
    then = {pid: summarise_person(network, pid, from_date) for pid in stayed}
    now = {pid: summarise_person(network, pid, to_date) for pid in stayed}
    lost = tuple(
        LostTies(
            pid,
            then[pid].unpaid_ties,
            now[pid].unpaid_ties,
            ended_contacts(network, pid, then[pid], now[pid]),
        )
        for pid in stayed
        if then[pid].unpaid - now[pid].unpaid
    )
    return CohortChanges(
        from_date=from_date,
        to_date=to_date,
        joined=tuple(sorted(now_ids - then_ids)),
        left=tuple(sorted(then_ids - now_ids)),
        became_paid_only=tuple(p for p in stayed if now[p].paid_only and not then[p].paid_only),
        left_paid_only=tuple(p for p in stayed if then[p].paid_only and not now[p].paid_only),
        became_isolated=tuple(p for p in stayed if now[p].isolated and not then[p].isolated),
        left_isolation=tuple(p for p in stayed if then[p].isolated and not now[p].isolated),
        lost_unpaid_ties=lost,
    )
