"""The results charts are plain numbers and text from assessments.charts, drawn by the
components/assessments_chart.html template with their data table."""

from django.template.loader import render_to_string

from assessments import charts


def test_bar_lengths_are_proportional_to_the_values():
    chart = charts.bar_chart("c", "t", [("a", 25), ("b", 50), ("none", 0)], maximum=100)
    segments = [bar.segments for bar in chart.bars]
    assert [[(s.x, s.width) for s in row] for row in segments] == [
        [(charts.BAR_START, charts.BAR_SPAN / 4)],
        [(charts.BAR_START, charts.BAR_SPAN / 2)],
        [(charts.BAR_START, 0)],
    ]
    assert [bar.y for bar in chart.bars] == [0, charts.ROW_HEIGHT, 2 * charts.ROW_HEIGHT]
    assert [bar.value for bar in chart.bars] == ["25%", "50%", "0%"]


def test_stacked_segments_follow_each_other_in_the_groups_order():
    groups = ["Agree", "Neutral", "Disagree"]
    row = ("Budget", {"Agree": 50, "Neutral": 30, "Disagree": 10}, [8])
    chart = charts.stacked_chart("c", "t", groups, [row], extra_head=["Answered"])
    [bar] = chart.bars
    start, span = charts.BAR_START, charts.BAR_SPAN
    assert [(s.x, s.width, s.colour) for s in bar.segments] == [
        (start, span / 2, 0),
        (start + span / 2, span * 0.3, 1),
        (start + span * 0.8, span / 10, 2),
    ]
    assert bar.value == "50%"
    assert chart.legend == groups
    assert chart.table_head == ["Item", *groups, "Answered"]
    assert chart.table_rows == [("Budget", ["50%", "30%", "10%", 8])]


def test_a_chart_renders_its_bars_and_its_data_table():
    chart = charts.bar_chart(
        "c", "Top needs", [("Budget", 40), ("Staff", 80)], head=["Need", "Share", "Ranked by"],
        extra={0: [5], 1: [9]},
    )  # fmt: skip
    html = render_to_string("components/assessments_chart.html", {"chart": chart})
    assert html.count("<rect ") == 2 and 'class="chart-label">Budget</text>' in html
    for bar in chart.bars:
        assert f'x="{charts.BAR_START}%"' in html and f'width="{bar.segments[0].width}%"' in html
    assert '<th scope="row">Budget</th><td>40%</td><td>5</td>' in html
    assert '<th scope="col">Need</th><th scope="col">Share</th>' in html
    assert f'height="{2 * charts.ROW_HEIGHT}"' in html
