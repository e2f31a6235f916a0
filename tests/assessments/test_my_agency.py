"""'My agency and the state' (issue 18): a leader's own agency's submitted answers beside
the statewide figures; never another agency's."""

from django.urls import reverse

from tests import factories


def _rows(page, question):
    block = next(b for b in page.context["blocks"] if b["question"].key == question)
    return {row["text"]: (row["mine"], row["state"]) for row in block["rows"]}


def test_a_leader_sees_their_agencys_answers_beside_the_state(dataset, survey, agencies, client):
    client.force_login(factories.leader(agency=agencies["DSS"]))
    page = client.get(reverse("assessments:my_agency", args=[survey.key]))
    assert page.status_code == 200 and page.context["submitted"] == 2
    challenges = _rows(page, "challenges")
    assert challenges["Lack of budget"] == (["Strongly agree", "Strongly agree"], 50)
    assert challenges["Data quality"] == (["Agree", "Agree"], 43)
    assert _rows(page, "effectiveness")["My agency uses data well."] == (
        ["Strongly agree", "Agree"],
        50,  # 4 of 8 agree statewide
    )
    assert _rows(page, "activities")["Training"] == (["ranked 1", "ranked 2"], 71)
    assert f"{agencies['DSS'].name} and the state" in page.content.decode()


def test_another_agency_sees_only_its_own(dataset, survey, agencies, client):
    client.force_login(factories.data_officer(agency=agencies["DOL"]))
    page = client.get(reverse("assessments:my_agency", args=[survey.key]))
    assert _rows(page, "challenges")["Lack of budget"] == (
        ["Agree", "Neither agree or disagree"],
        50,
    )


def test_an_unrelated_agency_sees_no_answers_at_all(dataset, survey, client):
    client.force_login(factories.leader(agency=factories.AgencyFactory(code="DCF")))
    page = client.get(reverse("assessments:my_agency", args=[survey.key]))
    assert page.context["submitted"] == 0
    assert all(not row["mine"] for b in page.context["blocks"] for row in b["rows"])
    assert b"no submitted response to this survey yet" in page.content


def test_reviewers_and_curators_have_no_agency_view(survey, curator_client):
    assert (
        curator_client.get(reverse("assessments:my_agency", args=[survey.key])).status_code == 403
    )
