"""Pictures for pages and reports: a person's relationship circles and a
service's trend chart, drawn with matplotlib as SVG or PNG.

Both take what the services hand a caller (the circles of
``services.people.network_at``, already named by the visibility rule; the
points of a cohort trend), so what is drawn is exactly what the caller may see. Each picture comes with a sentence that says
what it shows, for the ``alt`` text; pages also give the figures as a table.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from netmap.analysis.circles import Circle, Member
from netmap.services.people import CircleMember

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = [
    "CLOSENESS_WORDS", "Dot", "Format", "RINGS", "TrendPoint", "circles_picture", "circles_summary", "placed",
    "trend_picture", "trend_summary",
]  # fmt: skip


class Format(str, Enum):
    SVG = "svg"
    PNG = "png"

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self is Format.SVG else "image/png"


@dataclass(frozen=True)
class Ring:
    circle: Circle
    label: str
    colour: str
    paid: bool = False


# Okabe–Ito colours: told apart with the common kinds of colour blindness.
RINGS: tuple[Ring, ...] = (
    Ring(Circle.INTIMACY, "Family and partner", "#D55E00"),
    Ring(Circle.FRIENDSHIP, "Friends, neighbours, peers", "#0072B2"),
    Ring(Circle.PARTICIPATION, "Groups, roles, acquaintances", "#009E73"),
    Ring(Circle.EXCHANGE, "Paid supporters and services", "#6B6B6B", paid=True),
)
"""The circles, innermost first; paid contact on the outer ring, drawn dashed."""

_TEXT = "#1a1a1a"
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "netmap", "font.family": "DejaVu Sans", "text.parse_math": False}
"""Text stays text in SVG (smaller, searchable), and ids are stable from run to run. Names
are drawn as written: a ``$`` in one is a dollar sign, never matplotlib's mathtext."""


_CLOSENESS_RING = {"CLOSEST": 0, "CLOSE": 1, "FURTHER": 2}
"""Where a person's own closeness answer puts them: the three unpaid rings, innermost first."""
CLOSENESS_WORDS = {"CLOSEST": "closest", "CLOSE": "close", "FURTHER": "further out"}
_LABEL_WIDTH = 18
"""Characters per line of a label: longer names wrap, so no label runs off the picture."""


def _render(figure: Figure, fmt: Format, *, tight: bool = False) -> bytes:
    """``tight``: the picture grows to hold every label, however far out it is drawn."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt is Format.SVG else {"Software": "netmap"}
    extent = {"bbox_inches": "tight", "pad_inches": 0.15} if tight else {}
    figure.savefig(buffer, format=fmt.value, metadata=metadata, dpi=110, **extent)
    return buffer.getvalue()


Named = Mapping[Circle, Sequence[CircleMember]]


def _key(member: CircleMember, ring: Ring, index: int) -> str:
    """Who a circle entry is: anonymous contacts have no id, so each is someone of their own."""
    return member.id or f"anonymous-{ring.circle.value}-{index}"


def _members(circles: Named, ring: Ring) -> list[CircleMember]:
    """Who is in a ring, each once (someone tied in two ways to the person is one dot)."""
    seen: dict[str, CircleMember] = {}
    for index, member in enumerate(circles.get(ring.circle) or ()):
        seen.setdefault(_key(member, ring, index), member)
    return list(seen.values())


@dataclass(frozen=True)
class Dot:
    """Someone or something drawn on a ring: ``kind`` (the circle of their tie or part) gives
    the colour; ``closeness`` is the answer that placed them, None if their kind did."""

    member: CircleMember
    kind: Ring
    closeness: str | None = None


def _closest_answers(circles: Named) -> dict[str, tuple[str, Ring]]:
    """Each person's closest own answer on any unpaid tie, with the circle of that tie."""
    found: dict[str, tuple[str, Ring]] = {}
    for ring in RINGS:
        if ring.paid:
            continue
        for index, member in enumerate(circles.get(ring.circle) or ()):
            answer = member.closeness.value if member.closeness else None
            if member.member is Member.ORGANISATION or answer not in _CLOSENESS_RING:
                continue
            key = _key(member, ring, index)
            if key not in found or _CLOSENESS_RING[answer] < _CLOSENESS_RING[found[key][0]]:
                found[key] = (answer, ring)
    return found


def placed(circles: Named) -> list[list[Dot]]:
    """Who is drawn on each ring, innermost first.

    Someone whose closeness the person answered on any unpaid tie sits on the
    ring of their closest answer (closest, close, further out: the three inner
    rings), once; everyone else sits on the ring of their kind of tie or
    part, as ``circles`` lists them. Paid supporters and services stay on the
    outer ring whatever the answer: the picture keeps paid contact apart.
    """
    answers = _closest_answers(circles)
    rings: list[list[Dot]] = [[] for _ in RINGS]
    done: set[str] = set()
    for number, ring in enumerate(RINGS):
        seen: set[str] = set()
        for index, member in enumerate(circles.get(ring.circle) or ()):
            key = _key(member, ring, index)
            if key in seen or (not ring.paid and key in done):
                continue
            seen.add(key)
            if not ring.paid and key in answers:
                answer, kind = answers[key]
                done.add(key)
                member = next(m for i, m in enumerate(circles.get(kind.circle) or ()) if _key(m, kind, i) == key)
                rings[_CLOSENESS_RING[answer]].append(Dot(member, kind, answer))
            else:
                rings[number].append(Dot(member, ring))
    return rings


def circles_summary(name: str, at: str, circles: Named) -> str:
    """One sentence for the picture's alt text: who is in which circle, and how close they
    are when the person said."""
    parts = []
    for ring in RINGS:
        members = _members(circles, ring)
        names = ", ".join(m.name for m in members) or "nobody"
        parts.append(f"{ring.label.lower()}: {names}")
    sentence = f"{name}'s relationship circles on {at}. " + "; ".join(parts) + "."
    by_answer: dict[str, list[str]] = {}
    for ring in placed(circles):
        for dot in ring:
            if dot.closeness is not None:
                by_answer.setdefault(dot.closeness, []).append(dot.member.name)
    if by_answer:
        said = "; ".join(f"{CLOSENESS_WORDS[a]}: {', '.join(by_answer[a])}" for a in _CLOSENESS_RING if a in by_answer)
        sentence += f" How close they feel, where asked: {said}."
    return sentence


def circles_picture(
    name: str, at: str, circles: Named, fmt: Format = Format.SVG
) -> bytes:
    """Four rings around the person, innermost the closest; people are dots,
    groups and services are squares, paid contacts sit on a dashed outer ring.
    People are placed by how close they feel when that was asked (:func:`placed`);
    a dot's colour is always the kind of tie. Long names wrap, and the picture
    grows to hold every label."""
    import matplotlib

    with matplotlib.rc_context(_SVG_RC):
        figure = Figure(figsize=(6.4, 6.4))
        axes = figure.add_axes((0.02, 0.1, 0.96, 0.84))
        axes.set_aspect("equal")
        axes.axis("off")
        limit = len(RINGS) + 0.9
        axes.set_xlim(-limit, limit)
        axes.set_ylim(-limit, limit)
        by_closeness = False
        for radius, (ring, dots) in enumerate(zip(RINGS, placed(circles)), start=1):
            axes.add_patch(
                matplotlib.patches.Circle(
                    (0, 0), radius, fill=False, color=ring.colour, linewidth=1.4,
                    linestyle=(0, (4, 3)) if ring.paid else "solid", alpha=0.8,
                )
            )  # fmt: skip
            offset = radius * 0.6
            for index, dot in enumerate(dots):
                by_closeness = by_closeness or dot.closeness is not None
                angle = offset + 2 * math.pi * index / max(len(dots), 1)
                x, y = radius * math.cos(angle), radius * math.sin(angle)
                organisation = dot.member.member is Member.ORGANISATION
                axes.plot(
                    x, y, marker="s" if organisation else "o", markersize=9,
                    markerfacecolor="white" if dot.kind.paid else dot.kind.colour,
                    markeredgecolor=dot.kind.colour, markeredgewidth=2, linestyle="none",
                )  # fmt: skip
                cos, sin = math.cos(angle), math.sin(angle)
                axes.annotate(
                    textwrap.fill(dot.member.name, _LABEL_WIDTH), (x, y), xytext=(9 * cos, 9 * sin),
                    textcoords="offset points", ha="left" if cos > 0.3 else "right" if cos < -0.3 else "center",
                    va="bottom" if sin > 0.3 else "top" if sin < -0.3 else "center", fontsize=7.5, color=_TEXT,
                    multialignment="left" if cos > 0.3 else "right" if cos < -0.3 else "center",
                )  # fmt: skip
        axes.plot(0, 0, marker="o", markersize=16, color=_TEXT)
        axes.annotate(name, (0, 0), xytext=(0, -18), textcoords="offset points", ha="center",
                      fontsize=9, fontweight="bold", color=_TEXT)  # fmt: skip
        figure.suptitle(f"{name} — {at}", fontsize=11, color=_TEXT)
        handles = [
            Line2D([], [], color=r.colour, linestyle="--" if r.paid else "-", label=r.label) for r in RINGS
        ]
        note = "Where asked, people sit by how close they feel: closest inside, then close, then further out."
        figure.legend(
            handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False,
            title=note if by_closeness else None, title_fontsize=7.5,
        )  # fmt: skip
        return _render(figure, fmt, tight=True)


@dataclass(frozen=True)
class TrendPoint:
    at: str
    paid_only_share: float | None
    isolated_share: float | None
    size: int | None

    @classmethod
    def of(cls, figures: Mapping[str, Any]) -> TrendPoint:
        """From one ``CohortFigures`` of a GraphQL answer."""
        return cls(figures["at"], figures.get("paidOnlyShare"), figures.get("isolatedShare"), figures.get("size"))


def _percent(share: float | None) -> str:
    return "not shown" if share is None else f"{share:.0%}"


def trend_summary(title: str, points: Sequence[TrendPoint]) -> str:
    """One sentence for the chart's alt text: where the two shares started and ended."""
    if not points:
        return f"{title}: no figures for this period."
    first, last = points[0], points[-1]
    return (
        f"{title}, {first.at} to {last.at}: paid-only {_percent(first.paid_only_share)} to "
        f"{_percent(last.paid_only_share)}; isolated {_percent(first.isolated_share)} to "
        f"{_percent(last.isolated_share)}."
    )


def trend_picture(title: str, points: Sequence[TrendPoint], fmt: Format = Format.SVG) -> bytes:
    """The paid-only and isolated shares at each step, as two lines (0–100 %):
    paid-only wide and solid, isolated thin and dashed, so both show where
    they coincide. A step with no figure (suppressed, nobody counted) is a gap."""
    import matplotlib

    with matplotlib.rc_context(_SVG_RC):
        figure = Figure(figsize=(7.2, 3.6))
        axes = figure.add_subplot()
        steps = list(range(len(points)))
        for key, label, colour, marker, width, style in (
            ("paid_only_share", "Paid contact only", "#D55E00", "o", 5, "solid"),
            ("isolated_share", "Isolated", "#0072B2", "s", 2, (0, (3, 2))),
        ):
            values = [getattr(p, key) for p in points]
            axes.plot(
                steps, [math.nan if v is None else 100 * v for v in values],
                label=label, color=colour, marker=marker, linewidth=width, linestyle=style, markersize=width + 2,
            )  # fmt: skip
        axes.set_ylim(0, 100)
        axes.set_ylabel("% of the people counted", color=_TEXT)
        every = max(1, len(points) // 8)
        axes.set_xticks(steps[::every], [p.at for p in points][::every], rotation=30, ha="right", fontsize=8)
        axes.grid(axis="y", color="#dddddd")
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(frameon=False, fontsize=8)
        axes.set_title(title, fontsize=11, color=_TEXT)
        figure.tight_layout()
        return _render(figure, fmt)
