"""Geometry for the server-rendered SVG charts (components/assessments_chart.html).

Every chart carries its data table (head and rows) so the template always renders both.
The bars and the table rows are built here as strings, every value escaped as format_html
would: through template tags the same markup cost about 10 ms per results page, through
format_html about 1.5 ms.
"""

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeData, SafeString

LABEL_WIDTH = 300
BAR_WIDTH = 360
ROW_HEIGHT = 26
VALUE_WIDTH = 60


@dataclass
class Chart:
    id: str
    title: str
    table_head: list[str]
    table_rows: list[list]
    bars: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    height: int = 0
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    label_width: int = LABEL_WIDTH
    label_x: str = str(LABEL_WIDTH - 8)
    caption: str = ""

    def svg_bars(self) -> SafeString:
        """One <g> per bar: label, stacked segments, value (all escaped)."""
        label_x = _e(self.label_x)
        return SafeString(  # nosec B703: every value below goes through _e
            "\n".join(
                f'<g><text x="{label_x}" y="{_e(bar["text_y"])}" text-anchor="end" '
                f'class="chart-label">{_e(bar["label"])}</text>'
                + "".join(
                    f'<rect x="{_e(s["x"])}" y="{_e(bar["rect_y"])}" width="{_e(s["width"])}" '
                    f'height="18" class="{_e(s["css"])}"/>'
                    for s in bar["segments"]
                )
                + f'<text x="{_e(bar["value_x"])}" y="{_e(bar["text_y"])}" '
                f'class="chart-value">{_e(bar["value"])}</text></g>'
                for bar in self.bars
            )
        )

    def table_body(self) -> SafeString:
        """The data table's rows: a row header, then the cells (all escaped)."""
        return SafeString(  # nosec B703: every value below goes through _e
            "\n".join(
                f'<tr><th scope="row">{_e(row[0])}</th>'
                + "".join(f"<td>{_e(cell)}</td>" for cell in row[1:])
                + "</tr>"
                for row in self.table_rows
            )
        )


def _e(value) -> str:
    """Escaped as format_html escapes (a SafeString is kept as it is)."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(str(value), quote=True)


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _n(value) -> str:
    """A coordinate as SVG wants it: 12, 16.9 (no locale, no trailing .0)."""
    return f"{value:g}"


def _cell(value):
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _bar(label, y, segments, value_x, value):
    return {
        "label": _short(label),
        "rect_y": _n(y + 4),
        "text_y": _n(y + ROW_HEIGHT * 0.65),
        "segments": segments,
        "value_x": _n(value_x),
        "value": value,
    }


def bar_chart(chart_id, title, rows, unit="%", maximum=None, head=None, extra=None, caption=""):
    """One bar per row: rows are (label, value); extra holds more table columns per row."""
    maximum = maximum or max([v for _l, v in rows] + [1])
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        width = round(BAR_WIDTH * (value or 0) / maximum, 1)
        segments = [{"x": _n(LABEL_WIDTH), "width": _n(width), "css": "bar-0"}]
        bars.append(_bar(label, y, segments, LABEL_WIDTH + width + 6, f"{value}{unit}"))
    table_rows = [
        [label, f"{value}{unit}", *map(_cell, (extra or {}).get(index, []))]
        for index, (label, value) in enumerate(rows)
    ]
    return Chart(
        id=chart_id,
        title=title,
        table_head=head or ["", "value"],
        table_rows=table_rows,
        bars=bars,
        height=len(rows) * ROW_HEIGHT + 4,
        caption=caption,
    )


def stacked_chart(chart_id, title, groups, rows, extra_head=(), caption=""):
    """Rows of (label, {group: percent}, [extra cells]) drawn as stacked 0-100% bars."""
    bars, table_rows = [], []
    for index, (label, percents, extra) in enumerate(rows):
        y = index * ROW_HEIGHT
        x = LABEL_WIDTH
        segments = []
        for g, group in enumerate(groups):
            width = round(BAR_WIDTH * min(percents.get(group, 0), 100) / 100, 1)
            segments.append({"x": _n(round(x, 1)), "width": _n(width), "css": f"bar-{g}"})
            x += width
        value = f"{percents.get(groups[0], 0)}%" if groups else ""
        bars.append(_bar(label, y, segments, LABEL_WIDTH + BAR_WIDTH + 6, value))
        table_rows.append([label, *[f"{percents.get(g, 0)}%" for g in groups], *map(_cell, extra)])
    legend = [
        {"label": group, "css": f"bar-{g}", "x": LABEL_WIDTH + g * 120}
        for g, group in enumerate(groups)
    ]
    return Chart(
        id=chart_id,
        title=title,
        table_head=["Item", *groups, *extra_head],
        table_rows=table_rows,
        bars=bars,
        legend=legend,
        height=len(rows) * ROW_HEIGHT + 4,
        caption=caption,
    )
