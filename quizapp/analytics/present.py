"""Turning analysis results into what the templates show: numbers as text, and charts."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, format_percent, gettext
from markupsafe import Markup

from ..services.analytics.analysis import Analysis, CheckReport
from ..web.charts import Bar, bar_chart
from ..web.templating import question_label
from .svg import ShareBar, share_chart


# Numbers in the reader's language (Babel): "46%" and "0.50" in English, "46 %" and "0,50"
# in Spanish. The CSV downloads keep plain numbers.
def pct(value: float | None) -> str:
    return "\u2014" if value is None else format_percent(value)


def num(value: float | None, places: int = 2) -> str:
    if value is None:
        return "\u2014"
    rounded = round(value, places) + 0.0  # + 0.0: no "-0.00"
    return format_decimal(rounded, format="0." + "0" * places)


def interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{round(100 * low)}\u2013{format_percent(high)}"


def facility_chart(check: CheckReport) -> Markup:
    bars = []
    for n, r in enumerate(check.questions, start=1):
        item = r.item
        text = gettext("%(share)s (%(level)s: %(interval)s)", share=pct(item.facility),
                       level=format_percent(0.95),
                       interval=interval(item.facility_low, item.facility_high))
        # Numbered like the rows of the item table; the chart has room for a few words only.
        bars.append(ShareBar(f"{n}. {question_label(r.question)}", item.facility, item.facility_low,
                             item.facility_high, text))
    return share_chart(bars, title=gettext(
        "Facility of each question in the check on %(reading)s, with %(level)s intervals",
        reading=check.reading.title, level=format_percent(0.95)))


def section_chart(check: CheckReport) -> Markup:
    worst = check.most_missed
    bars = []
    for s in check.sections:
        mark = worst is not None and s.id == worst.id and bool(s.stats.missed)
        text = gettext("%(share)s missed (%(part)s of %(whole)s)",
                       share=pct(s.stats.missed_share), part=s.stats.missed,
                       whole=s.stats.students) + (" \u2190 " + gettext("most") if mark else "")
        bars.append(ShareBar(s.heading, s.stats.missed_share, text=text,
                             highlight=mark))
    return share_chart(bars, title=gettext(
        "Share of students who missed at least one question on each section of %(reading)s",
        reading=check.reading.title))


def misconception_chart(analysis: Analysis) -> Markup | None:
    if not analysis.misconceptions:
        return None
    # The shared chart leaves room for about 22 characters of label: shorten here, the full
    # label is in the table below.
    return bar_chart([Bar(m.label if len(m.label) <= 22 else m.label[:21] + "\u2026",
                          m.students) for m in analysis.misconceptions],
                     title=gettext("Students holding each misconception"),
                     total=analysis.students)


def template_helpers() -> dict[str, Any]:
    return {"pct": pct, "num": num, "interval": interval}
