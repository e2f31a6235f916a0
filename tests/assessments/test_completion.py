"""Complete answers (issue 18): required questions, the unanswered list, confirmation,
and each agency's completion on the curators' responses page."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.forms import field_name
from assessments.loader import SurveyFileError, parse, read_file
from assessments.models import Item, Option, Question, Response
from tests import factories
from tests.assessments.factories import MINI_YAML, add_response, mini_survey


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


@pytest.fixture
def required_survey(db):
    return mini_survey(key="mini-2026", cycle="2026", required=True)


@pytest.fixture
def leader(agencies):
    return factories.leader(agency=agencies["DSS"])


def _answer_challenges(client, survey, matrix_rows=("budget", "quality"), likert=True):
    q = {x.key: x for x in Question.objects.filter(survey=survey)}
    agree = Option.objects.get(scale__survey=survey, scale__key="agreement", key="agree").pk
    data = {}
    for key in matrix_rows:
        item = Item.objects.get(question=q["challenges"], key=key)
        data[field_name(q["challenges"], item)] = agree
    if likert:
        data[field_name(q["effectiveness"])] = agree
    client.post(url("respond_section", survey.key, "challenges"), data)
    return q


def _rank(client, survey, q):
    training = Item.objects.get(question=q["activities"], key="training")
    client.post(
        url("respond_section", survey.key, "priorities"), {field_name(q["activities"], training): 1}
    )


def test_a_new_questionnaire_requires_matrix_likert_and_ranking_by_default():
    spec = parse(MINI_YAML.format(key="new", cycle="2026"))
    required = {q["key"]: q["required"] for s in spec["sections"] for q in s["questions"]}
    assert required == {
        "agency": False,  # from the profile, never asked
        "role": False,
        "challenges": True,
        "effectiveness": True,
        "activities": True,
        "success": False,  # text stays optional
    }
    text = MINI_YAML.format(key="new", cycle="2026").replace(
        "type: ranking", "type: ranking\n        required: false"
    )
    spec = parse(text)
    activities = next(
        q for s in spec["sections"] for q in s["questions"] if q["key"] == "activities"
    )
    assert activities["required"] is False


def test_the_2024_questionnaire_keeps_every_question_optional(settings):
    spec = read_file(settings.BASE_DIR / "assessments" / "data" / "survey_2024.yaml")
    assert not any(q["required"] for s in spec["sections"] for q in s["questions"])


def test_required_must_be_true_or_false():
    text = MINI_YAML.format(key="new", cycle="2026").replace(
        "type: ranking", "type: ranking\n        required: sometimes"
    )
    with pytest.raises(SurveyFileError, match="'required' must be true or false"):
        parse(text)


def test_review_lists_required_as_errors_and_optional_as_warnings_with_links(
    required_survey, leader, client
):
    client.force_login(leader)
    _answer_challenges(client, required_survey, matrix_rows=("budget",), likert=True)
    page = client.get(url("review", required_survey.key))
    done = page.context["completion"]
    assert (done.answered, done.total) == (1, 4)  # effectiveness only; challenges in part
    assert [m.question.key for m in done.missing_required] == ["challenges", "activities"]
    assert [m.question.key for m in done.missing_optional] == ["success"]
    html = page.content.decode()
    assert "Answer these required questions before you submit" in html
    assert "1 of 2 rows answered" in html
    link = url("respond_section", required_survey.key, "challenges") + "#question-challenges"
    assert f'href="{link}"' in html
    assert "Not answered (optional)" in html
    assert 'href="' + url("submit", required_survey.key) not in html  # no submit button
    # the link's target exists on the section's page
    section = client.get(url("respond_section", required_survey.key, "challenges"))
    assert 'id="question-challenges"' in section.content.decode()
    assert "(required)" in section.content.decode()


def test_required_questions_block_submission_in_the_view_and_the_service(
    required_survey, leader, client
):
    client.force_login(leader)
    _answer_challenges(client, required_survey)
    confirm = client.get(url("submit", required_survey.key))
    assert confirm["Location"] == url("review", required_survey.key)
    posted = client.post(url("submit", required_survey.key), {"confirmed": "1"}, follow=True)
    assert b"required question(s) are not answered yet" in posted.content
    response = Response.objects.get(respondent=leader)
    assert response.status == "draft"
    with pytest.raises(services.RequiredAnswersMissing) as missing:
        services.submit_response(response)
    assert [m.question.key for m in missing.value.missing] == ["activities"]


def test_submitting_asks_for_confirmation_with_the_count(required_survey, leader, client):
    client.force_login(leader)
    q = _answer_challenges(client, required_survey)
    _rank(client, required_survey, q)
    unconfirmed = client.post(url("submit", required_survey.key))
    assert unconfirmed["Location"] == url("submit", required_survey.key)
    assert Response.objects.get(respondent=leader).status == "draft"
    page = client.get(url("submit", required_survey.key))
    assert page.context["confirm"]["body"] == (
        "You have answered 3 of 4. After you submit, only a curator can reopen it."
    )
    assert b'name="confirmed" value="1"' in page.content
    client.post(url("submit", required_survey.key), {"confirmed": "1"})
    assert Response.objects.get(respondent=leader).status == "submitted"


def test_the_2024_style_questionnaire_submits_with_optional_answers_missing(survey, leader, client):
    client.force_login(leader)
    client.get(url("respond", survey.key))
    page = client.get(url("submit", survey.key))
    assert page.context["confirm"]["body"].startswith("You have answered 0 of 4.")
    client.post(url("submit", survey.key), {"confirmed": "1"})
    assert Response.objects.get(respondent=leader).status == "submitted"


def test_responses_page_shows_status_completion_and_last_saved_sortable(
    required_survey, agencies, curator_client
):
    add_response(required_survey, agencies["DOL"], {"effectiveness": "agree"}, status="draft")
    add_response(
        required_survey,
        agencies["DPH"],
        {
            "challenges.budget": "agree",
            "challenges.quality": "agree",
            "effectiveness": "agree",
            "activities.training": 1,
            "success": "A dashboard",
        },
    )
    page = curator_client.get(url("responses", required_survey.key))
    rows = {r["agency"].code: r for r in page.context["progress"]}
    assert (rows["DSS"]["status"], rows["DSS"]["answered"], rows["DSS"]["saved"]) == (
        "Not started",
        0,
        None,
    )
    assert (rows["DOL"]["status"], rows["DOL"]["answered"], rows["DOL"]["total"]) == (
        "Draft",
        1,
        4,
    )
    assert (rows["DPH"]["status"], rows["DPH"]["answered"]) == ("Submitted", 4)
    assert rows["DPH"]["saved"] is not None
    html = page.content.decode()
    assert "Progress by agency" in html and "4 / 4" in html and "1 / 4" in html
    by_completion = curator_client.get(url("responses", required_survey.key) + "?sort=completion")
    codes = [r["agency"].code for r in by_completion.context["progress"]]
    assert codes[-2:] == ["DOL", "DPH"]  # 1 then 4 answered, after those with none
    by_status = curator_client.get(url("responses", required_survey.key) + "?sort=status")
    assert [r["status"] for r in by_status.context["progress"]][-2:] == ["Draft", "Submitted"]
    assert 'aria-sort="ascending"' in by_status.content.decode()


def test_a_leader_cannot_see_the_responses_page(required_survey, leader, client):
    client.force_login(leader)
    assert client.get(url("responses", required_survey.key)).status_code == 403
