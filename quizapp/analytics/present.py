"""Turning analysis results into what the templates show: numbers as text, and charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal, format_percent, gettext
from markupsafe import Markup

from ..services.analytics.analysis import Analysis, CheckReport
from ..services.analytics.discuss import item_right
from ..services.analytics.item_stats import CheckStats, ItemStats
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


@dataclass
class Figure:
    """One statistic as the page shows it: a plain label, the value or, where the value would
    mean nothing, the reason instead; ``unstable`` marks it for the small-class warning."""

    label: str
    value: str | None
    meaning: str = ""
    reason: str | None = None
    unstable: bool = False


def _consistent(stats: CheckStats) -> bool:
    return stats.alpha is not None and stats.alpha >= 0


def check_figures(stats: CheckStats) -> list[Figure]:
    """The whole check's statistics with plain labels. Alpha below 0 makes the error ratio
    read over 100% and the standard error larger than the spread: shown as a reason, not a
    number ("Error ratio 131.9%")."""
    small = stats.small
    no_alpha = (gettext("needs more than 2 students, more than 1 question and some spread "
                        "in the totals") if stats.alpha is None else
                gettext("below 0 (%(value)s): the questions do not rank the students the same "
                        "way, so there is no consistency to measure", value=num(stats.alpha)))
    follows = (gettext("not meaningful while the consistency is not (it would read over 100%)")
               if stats.alpha is not None else gettext("needs the consistency first"))
    return [
        Figure(gettext("Students who answered"), str(stats.n)),
        Figure(gettext("Questions"), str(stats.p)),
        Figure(gettext("Average total"),
               None if stats.mean is None else gettext("%(mean)s of %(p)s", mean=num(stats.mean),
                                                       p=stats.p),
               gettext("The mean number of questions right; a blank counts as wrong.")),
        Figure(gettext("Spread of the totals (SD)"), None if stats.sd is None else num(stats.sd),
               gettext("Standard deviation of the totals.")),
        Figure(gettext("Consistency of the check (Cronbach's alpha)"),
               num(stats.alpha) if _consistent(stats) else None,
               gettext("Near 1: the questions measure the same thing."),
               None if _consistent(stats) else no_alpha, unstable=small),
        Figure(gettext("Noise in the totals (error ratio)"),
               f"{num(stats.error_ratio, 1)}%" if _consistent(stats)
               and stats.error_ratio is not None else None,
               gettext("The share of the spread in totals that is chance."),
               None if _consistent(stats) else follows, unstable=small),
        Figure(gettext("Chance movement of a total (standard error)"),
               gettext("%(value)s points", value=num(stats.standard_error))
               if _consistent(stats) and stats.standard_error is not None else None,
               gettext("How far a student's total might move by chance."),
               None if _consistent(stats) else follows, unstable=small),
    ]


def discrimination(item: ItemStats) -> Figure:
    if item.discrimination is None:
        return Figure(gettext("Separates stronger from weaker"), None, reason=gettext(
            "everyone scored the same on it or on the rest"))
    return Figure(gettext("Separates stronger from weaker"), num(item.discrimination),
                  unstable=item.small)


def efficiency(item: ItemStats) -> Figure:
    # Above 100% or below -100% the ratio has left its range: a small class's artefact.
    if item.efficiency is None:
        return Figure(gettext("Efficiency"), None, reason=gettext("no spread to compare"))
    if abs(item.efficiency) > 1:
        return Figure(gettext("Efficiency"), None, reason=gettext(
            "out of range (%(value)s): too few students", value=pct(item.efficiency)))
    return Figure(gettext("Efficiency"), pct(item.efficiency), unstable=item.small)


def item_reasons(check: CheckReport) -> list[str]:
    """The distinct reasons a question's figure is not shown, in table order: each is written
    once under the table and the cells point to it (not the same sentence in every row)."""
    reasons: list[str] = []
    for report in check.questions:
        for f in (discrimination(report.item), efficiency(report.item)):
            if f.reason and f.reason not in reasons:
                reasons.append(f.reason)
    return reasons


def template_helpers() -> dict[str, Any]:
    return {"pct": pct, "num": num, "interval": interval, "check_figures": check_figures,
            "item_right": item_right, "item_reasons": item_reasons,
            "discrimination_figure": discrimination, "efficiency_figure": efficiency}
