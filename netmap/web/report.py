"""``netmap report SERVICE``: one HTML file with a service's trend chart, the
figures behind it, the early-warning list and the self-assessment, to send to
a board or print to PDF from a browser. The same figures as the dashboard,
from the same services, as the operator."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from netmap.services.context import Context
from netmap.web.page_kit import TEMPLATES
from netmap.web.pictures import Format, trend_picture
from netmap.web.service_pages import Period, service_figures

_CSS = Path(__file__).parent / "static" / "netmap.css"
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def inline_svg(svg: bytes, label: str) -> str:
    """An SVG file as an element to put in HTML, labelled for screen readers."""
    text = _PROLOGUE.sub("", svg.decode("utf-8"), count=1)
    return text.replace("<svg ", f'<svg role="img" aria-label="{_attribute(label)}" ', 1)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


async def service_report(ctx: Context, service_id: str, period: Period) -> str:
    """The report as HTML, its reads audited; a service's NetmapError when it cannot be made."""
    figures = await service_figures(ctx, service_id, period)
    await ctx.record_reads()
    chart = inline_svg(trend_picture(figures["service"]["name"], figures["points"], Format.SVG), figures["summary"])
    return TEMPLATES.get_template("report.html").render(
        **figures, chart=chart, css=_CSS.read_text(encoding="utf-8"), standalone=True,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )  # fmt: skip
