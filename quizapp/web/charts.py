"""Server-rendered SVG charts: no script, no CDN, readable without colour."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass
class Bar:
    label: str
    value: int
    highlight: bool = False  # e.g. the correct choice: hatched and labelled, not only coloured
    note: str = ""


def bar_chart(bars: list[Bar], *, title: str, total: int | None = None,
              width: int = 560) -> Markup:
    """A horizontal bar chart with the count and share written beside each bar."""
    # The label column fits ~30 characters at the chart's 13 px type; full texts are in the
    # table printed beside every chart, so a long label is shortened, never overlapped.
    row, label_w, pad, max_chars = 34, 230, 8, 30
    height = row * len(bars) + pad * 2
    biggest = max([b.value for b in bars] + [1])
    total = total if total is not None else sum(b.value for b in bars)
    bar_w = width - label_w - 110
    # Deterministic ids (the same in every worker) that differ between charts on one page.
    uid = zlib.crc32(repr((title, [(b.label, b.value) for b in bars])).encode())
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-{uid}-t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{uid}-t">{escape(title)}</title>',
        f'<defs><pattern id="hatch-{uid}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" class="bar-good"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" class="hatch-line" stroke-width="4"/></pattern>'
        f'</defs>',
    ]
    for i, bar in enumerate(bars):
        y = pad + i * row
        w = 0 if not bar.value else max(2, round(bar_w * bar.value / biggest))
        share = f"{round(100 * bar.value / total)}%" if total else "0%"
        fill = f'fill="url(#hatch-{uid})"' if bar.highlight else 'class="bar"'
        label = bar.label if len(bar.label) <= max_chars else bar.label[:max_chars - 1] + "\u2026"
        mark = "\u2713 " if bar.highlight else ""
        parts.append(
            f'<text x="0" y="{y + 21}" class="chart-label">{escape(mark + label)}</text>'
            f'<rect x="{label_w}" y="{y + 6}" width="{w}" height="{row - 12}" {fill}/>'
            f'<text x="{label_w + w + 6}" y="{y + 21}" class="chart-value">'
            f'{bar.value} ({share}){escape(" " + bar.note if bar.note else "")}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part is escaped above  # nosec B704
