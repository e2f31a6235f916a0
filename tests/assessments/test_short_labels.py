"""Short labels per item (issue 18): in the YAML and the admin, used by Top-5 lists and
charts; the 2024 questionnaire carries the report's."""

from django.conf import settings
from django.urls import reverse

from assessments.loader import load_spec, parse, read_file
from assessments.models import Item
from tests.assessments.factories import MINI_YAML


def test_the_2024_questionnaire_has_the_reports_short_labels():
    spec = read_file(settings.BASE_DIR / "assessments" / "data" / "survey_2024.yaml")
    short = {
        (q["key"], i["key"]): i["short"]
        for s in spec["sections"]
        for q in s["questions"]
        for i in q["items"]
    }
    assert short[("challenges", "budget")] == "Budget"
    assert short[("challenges", "skillset")] == "Staff skillset"
    assert all(short.values()) and len(short) == 35


def test_short_labels_load_and_show_in_top_lists_and_charts(db, agencies, curator_client):
    from tests.assessments.factories import hand_computed_dataset

    text = MINI_YAML.format(key="mini-2024", cycle="2024").replace(
        "text: Lack of budget,", 'text: Lack of budget, short: "Budget",'
    )
    survey = load_spec(parse(text)).survey
    assert Item.objects.get(question__survey=survey, key="budget").short_label == "Budget"
    hand_computed_dataset(survey, agencies)
    page = curator_client.get(reverse("assessments:results", args=[survey.key])).content.decode()
    assert "<li>Budget, 50%</li>" in page  # the Top-5 list: 4 of 8 agree
    assert "<li>Data quality, 43%</li>" in page  # no short label: the text (3 of 7)
    chart = page[page.index('id="chart-challenges-caption"') :]
    chart = chart[chart.index('class="chart-svg"') :]
    assert 'class="chart-label">Budget</text>' in chart[: chart.index("</svg>")]


def test_curators_edit_short_labels_in_the_admin(survey, curator, client):
    curator.is_superuser = True
    curator.save()
    client.force_login(curator)
    question = survey.questions.get(key="challenges")
    page = client.get(reverse("admin:assessments_question_change", args=[question.pk]))
    assert b"short_label" in page.content
