"""Turning analysis results into what the templates show: numbers as text, and charts."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..services.analytics.analysis import Analysis, CheckReport
from ..web.charts import Bar, bar_chart
from ..web.templating import question_label
from .svg import ShareBar, share_chart


def pct(value: float | None) -> str:
    return "\u2014" if value is None else f"{round(100 * value)}%"


def num(value: float | None, places: int = 2) -> str:
    if value is None:
        return "\u2014"
    text = f"{value:.{places}f}"
    return "0." + "0" * places if text == "-0." + "0" * places else text


def interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{round(100 * low)}\u2013{round(100 * high)}%"


def facility_chart(check: CheckReport) -> Markup:
    bars = []
    for n, r in enumerate(check.questions, start=1):
        item = r.item
        text = f"{pct(item.facility)} (95%: {interval(item.facility_low, item.facility_high)})"
        # Numbered like the rows of the item table; the chart has room for a few words only.
        bars.append(ShareBar(f"{n}. {question_label(r.question)}", item.facility, item.facility_low,
                             item.facility_high, text))
    return share_chart(bars, title=f"Facility of each question in the check on "
                       f"{check.reading.title}, with 95% intervals")


def section_chart(check: CheckReport) -> Markup:
    worst = check.most_missed
    bars = []
    for s in check.sections:
        mark = worst is not None and s.id == worst.id and bool(s.stats.missed)
        text = (f"{pct(s.stats.missed_share)} missed ({s.stats.missed} of {s.stats.students})"
                + (" \u2190 most" if mark else ""))
        bars.append(ShareBar(s.heading, s.stats.missed_share, text=text,
                             highlight=mark))
    return share_chart(bars, title=f"Share of students who missed at least one question on "
                       f"each section of {check.reading.title}")


def misconception_chart(analysis: Analysis) -> Markup | None:
    if not analysis.misconceptions:
        return None
    # The shared chart leaves room for about 22 characters of label: shorten here, the full
    # label is in the table below.
    return bar_chart([Bar(m.label if len(m.label) <= 22 else m.label[:21] + "\u2026",
                          m.students) for m in analysis.misconceptions],
                     title="Students holding each misconception", total=analysis.students)


def template_helpers() -> dict[str, Any]:
    return {"pct": pct, "num": num, "interval": interval}
