"""Server-rendered SVG for the analytics: shares with their intervals, readable without colour.

Every bar carries its number as text; an interval is drawn as a whisker with end caps and also
written out; the bar to notice is hatched and marked with a word, never only coloured.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from markupsafe import Markup, escape

_ids = itertools.count(1)


@dataclass
class ShareBar:
    label: str
    share: float | None  # 0..1; None = no data
    low: float | None = None
    high: float | None = None
    text: str = ""  # written after the bar, e.g. "60% (23-88%)"
    highlight: bool = False


def share_chart(bars: list[ShareBar], *, title: str, width: int = 640) -> Markup:
    """Horizontal bars on a 0-100% scale, with optional 95% interval whiskers."""
    row, label_w, text_w, top = 30, 190, 190, 22
    plot_w = width - label_w - text_w
    height = top + row * len(bars) + 8
    uid = next(_ids)
    parts = [
        f'<svg class="chart share-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="share-{uid}-t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="share-{uid}-t">{escape(title)}</title>',
        f'<defs><pattern id="share-hatch-{uid}" width="8" height="8" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" class="bar-focus"/><line x1="0" y1="0" x2="0" y2="8" '
        f'class="hatch-line" stroke-width="4"/></pattern></defs>',
    ]
    for pct in (0, 25, 50, 75, 100):
        x = label_w + plot_w * pct / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" '
                     f'class="grid"/><text x="{x:.1f}" y="{top - 8}" class="chart-axis" '
                     f'text-anchor="middle">{pct}%</text>')
    for i, bar in enumerate(bars):
        y = top + i * row
        label = bar.label if len(bar.label) <= 24 else bar.label[:23] + "\u2026"
        parts.append(f'<text x="0" y="{y + 19}" class="chart-label">{escape(label)}</text>')
        if bar.share is not None:
            w = plot_w * max(0.0, min(1.0, bar.share))
            fill = f'fill="url(#share-hatch-{uid})"' if bar.highlight else 'class="bar"'
            parts.append(f'<rect x="{label_w}" y="{y + 7}" width="{w:.1f}" height="{row - 14}" '
                         f'{fill}/>')
        if bar.low is not None and bar.high is not None:
            x1 = label_w + plot_w * bar.low
            x2 = label_w + plot_w * bar.high
            mid = y + row / 2
            parts.append(
                f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{x2:.1f}" y2="{mid:.1f}" '
                f'class="whisker"/><line x1="{x1:.1f}" y1="{mid - 6:.1f}" x2="{x1:.1f}" '
                f'y2="{mid + 6:.1f}" class="whisker"/><line x1="{x2:.1f}" y1="{mid - 6:.1f}" '
                f'x2="{x2:.1f}" y2="{mid + 6:.1f}" class="whisker"/>')
        parts.append(f'<text x="{label_w + plot_w + 8}" y="{y + 19}" class="chart-value">'
                     f'{escape(bar.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part is escaped above  # nosec B704
