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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from netmap.analysis.circles import Circle, Member
from netmap.services.people import CircleMember

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = ["Format", "RINGS", "TrendPoint", "circles_picture", "circles_summary", "trend_picture", "trend_summary"]


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


def _render(figure: Figure, fmt: Format) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt is Format.SVG else {"Software": "netmap"}
    figure.savefig(buffer, format=fmt.value, metadata=metadata, dpi=110)
    return buffer.getvalue()


Named = Mapping[Circle, Sequence[CircleMember]]


def _members(circles: Named, ring: Ring) -> list[CircleMember]:
    """Who is in a ring, each once (someone tied in two ways to the person is one dot;
    anonymous contacts have no id, so each is a dot of their own)."""
    seen: dict[str, CircleMember] = {}
    for index, member in enumerate(circles.get(ring.circle) or ()):
        seen.setdefault(member.id or f"anonymous-{index}", member)
    return list(seen.values())


def circles_summary(name: str, at: str, circles: Named) -> str:
    """One sentence for the picture's alt text: who is in which circle."""
    parts = []
    for ring in RINGS:
        members = _members(circles, ring)
        names = ", ".join(m.name for m in members) or "nobody"
        parts.append(f"{ring.label.lower()}: {names}")
    return f"{name}'s relationship circles on {at}. " + "; ".join(parts) + "."


def circles_picture(
    name: str, at: str, circles: Named, fmt: Format = Format.SVG
) -> bytes:
    """Four rings around the person, innermost the closest; people are dots,
    groups and services are squares, paid contacts sit on a dashed outer ring."""
    import matplotlib

    with matplotlib.rc_context(_SVG_RC):
        figure = Figure(figsize=(6.4, 6.4))
        axes = figure.add_axes((0.02, 0.1, 0.96, 0.84))
        axes.set_aspect("equal")
        axes.axis("off")
        limit = len(RINGS) + 0.9
        axes.set_xlim(-limit, limit)
        axes.set_ylim(-limit, limit)
        for radius, ring in enumerate(RINGS, start=1):
            axes.add_patch(
                matplotlib.patches.Circle(
                    (0, 0), radius, fill=False, color=ring.colour, linewidth=1.4,
                    linestyle=(0, (4, 3)) if ring.paid else "solid", alpha=0.8,
                )
            )  # fmt: skip
            members = _members(circles, ring)
            offset = radius * 0.6
            for index, member in enumerate(members):
                angle = offset + 2 * math.pi * index / max(len(members), 1)
                x, y = radius * math.cos(angle), radius * math.sin(angle)
                organisation = member.member is Member.ORGANISATION
                axes.plot(
                    x, y, marker="s" if organisation else "o", markersize=9,
                    markerfacecolor="white" if ring.paid else ring.colour,
                    markeredgecolor=ring.colour, markeredgewidth=2, linestyle="none",
                )  # fmt: skip
                cos, sin = math.cos(angle), math.sin(angle)
                axes.annotate(
                    member.name, (x, y), xytext=(9 * cos, 9 * sin), textcoords="offset points",
                    ha="left" if cos > 0.3 else "right" if cos < -0.3 else "center",
                    va="bottom" if sin > 0.3 else "top" if sin < -0.3 else "center", fontsize=7.5, color=_TEXT,
                )  # fmt: skip
        axes.plot(0, 0, marker="o", markersize=16, color=_TEXT)
        axes.annotate(name, (0, 0), xytext=(0, -18), textcoords="offset points", ha="center",
                      fontsize=9, fontweight="bold", color=_TEXT)  # fmt: skip
        figure.suptitle(f"{name} — {at}", fontsize=11, color=_TEXT)
        handles = [
            Line2D([], [], color=r.colour, linestyle="--" if r.paid else "-", label=r.label) for r in RINGS
        ]
        figure.legend(handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False)
        return _render(figure, fmt)


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
