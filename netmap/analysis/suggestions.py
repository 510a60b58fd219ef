"""Suggesting activities for a person, each with the reasons behind it.

The ranking rule (also in docs/activities.md):

- +3 for each of the person's interests the activity lists;
- +2 for each person they know (an active unpaid tie) who already goes
  (takes part in the group running it, or came in the last 90 days);
- +0.5 for each friend of a friend who goes (counted once each);
- +1 if it is in the person's area, +0.5 if it is free;
- an activity that lacks an accessibility feature the person needs is left
  out, or, when asked for, listed last and marked with what it lacks;
- activities the person already goes to, and those with nothing in common
  with them (no interest, nobody they know), are not suggested.

Ties are broken by title, so the same data always gives the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netmap.domain.activities import Activity
from netmap.domain.records import Person

__all__ = ["Suggestion", "rank_activities", "Buddy", "rank_buddies"]

INTEREST = 3.0
KNOWN = 2.0
FRIEND_OF_FRIEND = 0.5
SAME_AREA = 1.0
FREE = 0.5


@dataclass(frozen=True)
class Suggestion:
    activity: Activity
    score: float
    reasons: tuple[str, ...]
    missing_features: tuple[str, ...]
    """Accessibility features the person needs and the activity lacks (empty: it fits)."""
    known_attendees: tuple[str, ...]
    """Ids of people the person knows who already go."""


def _names(people: list[str]) -> str:
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]


def rank_activities(
    person: Person,
    activities: Iterable[Activity],
    goers: Mapping[str, set[str]],
    known: set[str],
    friends_of_friends: set[str],
    names: Mapping[str, str],
    already: set[str],
    include_unsuitable: bool = False,
) -> list[Suggestion]:
    """Rank ``activities`` for ``person``.

    ``goers`` maps each activity id to the ids of people who go; ``known`` are
    the person's unpaid contacts, ``friends_of_friends`` their contacts'
    contacts (not the person, not ``known``); ``already`` the activities the
    person goes to.
    """
    found: list[Suggestion] = []
    needs = set(person.access_needs)
    for activity in activities:
        if activity.id in already:
            continue
        shared = sorted(set(person.interests) & set(activity.interests))
        going = goers.get(activity.id, set())
        known_going = sorted(going & known, key=lambda i: names.get(i, i))
        fof_going = going & friends_of_friends
        if not shared and not known_going and not fof_going:
            continue
        missing = tuple(sorted(needs - set(activity.accessibility)))
        if missing and not include_unsuitable:
            continue
        reasons = [f"matches their interest in {tag}" for tag in shared]
        if known_going:
            who = [names.get(i, "someone") for i in known_going]
            count = "1 person they know goes" if len(who) == 1 else f"{len(who)} people they know go"
            reasons.append(f"{count}: {_names(who)}")
        if fof_going:
            reasons.append(f"{len(fof_going)} friend(s) of friends go")
        if person.area and activity.area == person.area:
            reasons.append(f"in their area ({person.area})")
        if activity.free:
            reasons.append("free")
        if needs and not missing:
            reasons.append("has the access they need: " + ", ".join(sorted(needs)))
        if missing:
            reasons.append("lacks " + ", ".join(missing))
        score = (
            INTEREST * len(shared)
            + KNOWN * len(known_going)
            + FRIEND_OF_FRIEND * len(fof_going)
            + (SAME_AREA if person.area and activity.area == person.area else 0.0)
            + (FREE if activity.free else 0.0)
        )
        found.append(Suggestion(activity, score, tuple(reasons), missing, tuple(known_going)))
    return sorted(found, key=lambda s: (bool(s.missing_features), -s.score, s.activity.title))


@dataclass(frozen=True)
class Buddy:
    person: Person
    shared_interests: tuple[str, ...]


def rank_buddies(person: Person, candidates: Iterable[Person], known: set[str]) -> list[Buddy]:
    """People who offered to buddy and share an interest, most shared first; not people they know."""
    found = [
        Buddy(other, tuple(sorted(set(person.interests) & set(other.interests))))
        for other in candidates
        if other.id != person.id and other.id not in known and set(person.interests) & set(other.interests)
    ]
    return sorted(found, key=lambda b: (-len(b.shared_interests), b.person.name))
