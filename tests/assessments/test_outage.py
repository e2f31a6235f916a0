"""A draft save hit by a database fault answers 503 and hands back the typed answers.

The fault is real: a trigger on the answers table refuses the write inside save_section's
transaction, or the database is unreachable altogether (tests/outage.py).
"""

import pytest
from django.db import connection
from django.urls import reverse

from assessments.forms import field_name
from assessments.models import Answer, Question
from tests import factories
from tests.outage import database_down

TYPED = "We built a <dashboard> & a data catalog."
REFUSE_ANSWERS = [
    """CREATE FUNCTION answers_test_fault() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'answer storage unavailable'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER answers_test_fault BEFORE INSERT ON assessments_answer
       FOR EACH ROW EXECUTE FUNCTION answers_test_fault()""",
]


@pytest.fixture
def section_post(survey, agencies, client):
    """Sign in a leader; answer the success question and return (url, data)."""
    client.force_login(factories.leader(agency=agencies["DSS"]))
    success = Question.objects.get(survey=survey, key="success")
    url = reverse("assessments:respond_section", args=[survey.key, "priorities"])
    client.get(url)  # the draft exists before the fault
    return url, {field_name(success): TYPED, "action": "save"}


@pytest.fixture
def answers_refused(db):
    with connection.cursor() as cursor:  # undone with the test's transaction
        for statement in REFUSE_ANSWERS:
            cursor.execute(statement)


@pytest.mark.django_db
def test_draft_save_during_a_fault_answers_503_with_the_typed_answers(
    client, section_post, answers_refused
):
    url, data = section_post
    page = client.post(url, data)
    assert page.status_code == 503
    html = page.content.decode()
    assert "Not saved: the service could not reach its database." in html
    assert "We built a &lt;dashboard&gt; &amp; a data catalog." in html
    assert not Answer.objects.filter(question__key="success").exists()


@pytest.mark.django_db
def test_autosave_during_a_fault_answers_json_503(client, section_post, answers_refused):
    url, data = section_post
    answer = client.post(url, data, headers={"X-Autosave": "1", "Accept": "application/json"})
    assert answer.status_code == 503
    assert answer.json()["saved"] is False
    assert answer["Retry-After"] == "30"


@pytest.mark.django_db(transaction=True)
def test_autosave_with_the_database_down_answers_json_503(client, section_post):
    url, data = section_post
    with database_down():
        answer = client.post(url, data, headers={"X-Autosave": "1", "Accept": "application/json"})
    assert answer.status_code == 503
    assert answer.json()["saved"] is False
    assert not Answer.objects.filter(question__key="success").exists()
    assert client.post(url, data, headers={"X-Autosave": "1"}).status_code == 204  # back
    assert Answer.objects.get(question__key="success").text == TYPED
