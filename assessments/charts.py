"""The results charts as plain numbers and text; components/assessments_chart.html draws
each one as SVG and always renders its data table too.

Horizontal positions are percentages of the chart's width and rows are ROW_HEIGHT pixels,
so the text keeps its size at any width; on a narrow screen the labels go above their bars
(static/css/assessments.css).
"""

from dataclasses import dataclass, field

ROW_HEIGHT = 32  # px, one bar and its label in either layout
BAR_START = 42  # % of the width: the labels end at 41%
BAR_SPAN = 50  # % of the width a full bar takes, leaving room for its value


@dataclass
class Segment:
    x: float  # % of the chart's width
    width: float  # % of the chart's width
    colour: int  # the bar-0 … bar-3 classes of assessments.css, in the groups' order


@dataclass
class Bar:
    label: str
    y: int  # px from the top
    segments: list[Segment]
    value: str
    value_x: float  # % of the chart's width: the value is drawn just right of it


@dataclass
class Chart:
    id: str
    title: str
    bars: list[Bar]
    table_head: list[str]
    table_rows: list[tuple]  # (row header, [cells])
    legend: list[str] = field(default_factory=list)
    caption: str = ""

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bar(index, label, segments, value, value_x) -> Bar:
    return Bar(_short(label), index * ROW_HEIGHT, segments, value, round(value_x, 2))


def _length(value, maximum) -> float:
    return round(BAR_SPAN * min(value or 0, maximum) / maximum, 2)


def _shown(value, unit="%") -> str:
    """A figure as text; None (not published, the report's "--") as a dash."""
    return "–" if value is None else f"{value}{unit}"


def bar_chart(chart_id, title, rows, unit="%", maximum=None, head=None, extra=None, caption=""):
    """One bar per row: rows are (label, value); extra holds more table columns per row."""
    maximum = maximum or max([v or 0 for _l, v in rows] + [1])
    bars = []
    for n, (label, value) in enumerate(rows):
        length = _length(value, maximum)
        segments = [Segment(BAR_START, length, 0)]
        bars.append(_bar(n, label, segments, _shown(value, unit), BAR_START + length))
    table_rows = [
        (label, [_shown(value, unit), *(extra or {}).get(n, [])])
        for n, (label, value) in enumerate(rows)
    ]
    return Chart(
        id=chart_id,
        title=title,
        bars=bars,
        table_head=head or ["", "value"],
        table_rows=table_rows,
        caption=caption,
    )


def stacked_chart(chart_id, title, groups, rows, extra_head=(), caption=""):
    """Rows of (label, {group: percent}, [extra cells]) drawn as stacked 0-100% bars."""
    bars, table_rows = [], []
    for n, (label, percents, extra) in enumerate(rows):
        segments, x = [], BAR_START
        for colour, group in enumerate(groups):
            width = _length(percents.get(group, 0), 100)
            segments.append(Segment(round(x, 2), width, colour))
            x += width
        value = _shown(percents.get(groups[0], 0)) if groups else ""
        bars.append(_bar(n, label, segments, value, BAR_START + BAR_SPAN))
        table_rows.append((label, [*[_shown(percents.get(g, 0)) for g in groups], *extra]))
    return Chart(
        id=chart_id,
        title=title,
        bars=bars,
        table_head=["Item", *groups, *extra_head],
        table_rows=table_rows,
        legend=list(groups),
        caption=caption,
    )


def survey_charts(results) -> list:
    """Each question of the results with its chart: the results page's and the report's."""
    out = []
    for q in results.questions:
        if q.kind == "matrix":
            chart = stacked_chart(
                f"chart-{q.key}",
                q.text,
                q.groups,
                [(i.label, i.percent, [i.answered]) for i in q.items],
                extra_head=["Answered"],
                caption="Not applicable answers count in the denominator but are not shown, "
                "so a row may not add up to 100%.",
            )
        elif q.kind == "likert":
            chart = bar_chart(
                f"chart-{q.key}", q.text, q.count_rows, unit="", head=["Answer", "Respondents"]
            )
        else:
            chart = bar_chart(
                f"chart-{q.key}",
                q.text,
                [(i.label, i.first_or_second_percent) for i in q.items],
                head=["Activity", "Ranked 1st or 2nd", "Mean rank", "Ranked by"],
                extra={
                    n: [i.mean_rank if i.mean_rank is not None else "–", i.answered]
                    for n, i in enumerate(q.items)
                },
                maximum=100,
                caption="First and second choices combined, so the column adds up to about 200%.",
            )
        out.append((q, chart))
    return out
