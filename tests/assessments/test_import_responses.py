"""import_responses: all-or-nothing, errors by line and column, re-import changes nothing."""

import pytest
from django.core.management import CommandError, call_command

from assessments.aggregation import results_for_survey
from assessments.models import Answer, Response
from tests import factories
from tests.assessments.factories import add_response

HEADER = (
    "respondent,agency,role,challenges.quality,challenges.budget,effectiveness,"
    "activities.training,activities.tools,activities.analysis,success\n"
)
GOOD = (
    HEADER
    + """a1@example.gov,DSS,Agency Leadership,agree,strongly_agree,Agree,1,2,3,We share data
a2@example.gov,DOL,leadership,Neither agree or disagree,agree,disagree,2,1,,
17,DPH,Agency Data Officer,,not_applicable,,,,,
"""
)


def write(tmp_path, text):
    path = tmp_path / "responses.csv"
    path.write_text(text)
    return str(path)


def test_import_creates_submitted_responses_that_count_in_results(
    survey, agencies, tmp_path, capsys
):
    call_command("import_responses", survey.key, write(tmp_path, GOOD))
    assert "3 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    responses = Response.objects.filter(survey=survey).order_by("external_ref")
    assert [(r.external_ref, r.agency.code, r.role, r.status) for r in responses] == [
        ("17", "DPH", "data_officer", "submitted"),
        ("a1@example.gov", "DSS", "leadership", "submitted"),
        ("a2@example.gov", "DOL", "leadership", "submitted"),
    ]
    results = results_for_survey(survey)
    budget = next(i for i in results.question("challenges").items if i.key == "budget")
    assert budget.answered == 3 and budget.percent["Agree"] == 67
    assert Answer.objects.get(question__key="success").text == "We share data"
    assert Answer.objects.filter(question__key="agency", option__key="dss").count() == 1


def test_reimporting_the_same_file_changes_nothing(survey, agencies, tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_responses", survey.key, path)
    before = list(
        Answer.objects.order_by("pk").values_list("pk", "response_id", "option_id", "rank", "text")
    )
    stamps = list(Response.objects.order_by("pk").values_list("updated", flat=True))
    capsys.readouterr()
    call_command("import_responses", survey.key, path)
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out
    assert (
        list(
            Answer.objects.order_by("pk").values_list(
                "pk", "response_id", "option_id", "rank", "text"
            )
        )
        == before
    )
    assert list(Response.objects.order_by("pk").values_list("updated", flat=True)) == stamps


def test_a_changed_row_updates_that_response_only(survey, agencies, tmp_path, capsys):
    call_command("import_responses", survey.key, write(tmp_path, GOOD))
    capsys.readouterr()
    call_command("import_responses", survey.key, write(tmp_path, GOOD.replace("2,1,,", "1,2,,")))
    assert "0 created, 1 updated, 2 unchanged" in capsys.readouterr().out


def test_errors_are_reported_by_line_and_column_and_nothing_is_written(survey, agencies, tmp_path):
    bad = (
        GOOD.replace("a2@example.gov,DOL", "a2@example.gov,XYZ")
        .replace("Agree,1,2,3", "maybe,1,1,3")
        .replace("Agency Data Officer", "Intern")
    )
    with pytest.raises(CommandError) as error:
        call_command("import_responses", survey.key, write(tmp_path, bad))
    message = str(error.value)
    assert "line 2: column effectiveness: 'maybe' is not an option of scale agreement" in message
    assert "line 2: column activities.training: rank 1 is given more than once" in message
    assert "line 3: column agency: unknown agency code 'XYZ'" in message
    assert "line 4: column role: unknown role 'Intern'" in message
    assert "nothing written" in message
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_unknown_columns_and_gapped_ranks_are_refused(survey, agencies, tmp_path):
    with pytest.raises(
        CommandError, match="line 1, column challenges.nope: challenges has no item 'nope'"
    ):
        call_command(
            "import_responses",
            survey.key,
            write(tmp_path, "respondent,agency,role,challenges.nope\n"),
        )
    gapped = "respondent,agency,role,activities.training,activities.tools\nx,DSS,leadership,1,3\n"
    with pytest.raises(
        CommandError,
        match="line 2: column activities.training: ranks of activities must run 1 to 2",
    ):
        call_command("import_responses", survey.key, write(tmp_path, gapped))
    assert not Response.objects.exists()


def test_unknown_survey_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No survey with key 'nope'"):
        call_command("import_responses", "nope", write(tmp_path, GOOD))


def test_a_respondent_who_is_a_user_is_linked_not_counted_twice(survey, agencies, tmp_path, capsys):
    """A leader who answered online, then appears (any case) in an imported file, is one
    respondent: the import updates their response and links new ones to their account."""
    ann = factories.UserFactory(email="a1@example.gov", agency=agencies["DSS"])
    bo = factories.UserFactory(email="a2@example.gov", agency=agencies["DOL"])
    online = add_response(survey, agencies["DSS"], {"effectiveness": "agree"}, user=ann)
    call_command("import_responses", survey.key, write(tmp_path, GOOD.replace("a1@", "A1@")))
    assert "2 created, 1 updated, 0 unchanged" in capsys.readouterr().out
    assert Response.objects.filter(survey=survey).count() == 3
    assert Response.objects.get(respondent=ann) == online
    assert Response.objects.get(respondent=bo).external_ref == "a2@example.gov"
    assert results_for_survey(survey).respondents == 3
    call_command("import_responses", survey.key, write(tmp_path, GOOD.replace("a1@", "A1@")))
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_a_user_imported_under_another_agency_is_a_line_numbered_error(survey, agencies, tmp_path):
    factories.UserFactory(email="a2@example.gov", agency=agencies["DPH"])
    with pytest.raises(CommandError) as error:
        call_command("import_responses", survey.key, write(tmp_path, GOOD))
    assert "line 3: column agency: a2@example.gov is a user of DPH, not DOL" in str(error.value)
    assert not Response.objects.exists()
