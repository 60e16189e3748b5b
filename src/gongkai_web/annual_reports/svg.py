"""Charts drawn by the app as inline SVG (no script, no outside assets)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Bar = tuple[str, int | Decimal | float]


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "", width: int = 720) -> SafeString:
    """Horizontal bars, one per label, scaled to the largest value; the numbers printed."""
    row, left, top = 26, 200, 34
    height = top + row * max(1, len(bars)) + 12
    peak = max((float(v) for _, v in bars), default=0.0) or 1.0
    span = width - left - 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="{top + 16}" font-size="13" fill="#666">尚无数据</text>')
    for i, (label, value) in enumerate(bars):
        y = top + i * row
        w = int(span * float(value) / peak)
        shown = f"{value}{unit}"
        parts += [
            f'<text x="{left - 8}" y="{y + 16}" font-size="13" text-anchor="end">'
            f"{escape(label)}</text>",
            f'<rect x="{left}" y="{y + 3}" width="{max(w, 1)}" height="{row - 8}" fill="#b3261e">'
            f"<title>{escape(label)}：{escape(shown)}</title></rect>",
            f'<text x="{left + w + 6}" y="{y + 16}" font-size="13">{escape(shown)}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))
