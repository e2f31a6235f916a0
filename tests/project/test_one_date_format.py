"""Every date on the main pages is in the one format, inside a machine-readable <time>."""

import datetime
import re

import pytest
from django.utils import timezone

from sharing.models import RequestComment
from tests import factories
from tests.assessments.factories import add_response, mini_survey
from tests.hub.factories import ResourceFactory
from tests.project.test_design_components import LONG_DATE, LONG_DATETIME
from tests.sharing.factories import executed, log

TIME = re.compile(r'<time datetime="([^"]+)">([^<]*)</time>')
# Any other way of writing a date: ISO, "Dec 2, 2026", "Dec. 2, 2026", "December 2, 2026",
# "2026-12-02", "12/02/2026", and Django's "a.m."/"p.m.".
OTHER_FORMATS = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b"
    r"|\b[ap]\.m\."
)


def visible_text(html: str) -> str:
    """The page's text outside tags (attributes such as datetime= are machine-readable)."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_every_date_on_the_main_pages_is_in_the_one_format(client):
    dol = factories.AgencyFactory(code="DOL", name="Department of Labor")
    sde = factories.AgencyFactory(code="SDE", name="State Department of Education")
    curator = factories.curator(agency=dol)
    resource = ResourceFactory(
        title="Census guide",
        review_by=datetime.date(2020, 1, 2),
        link_status=500,
        link_checked_at=timezone.now(),
    )
    survey = mini_survey()
    survey.opens, survey.closes = datetime.date(2026, 1, 5), datetime.date(2099, 12, 2)
    survey.save()
    response = add_response(survey, dol, {"effectiveness": "agree"})
    sr = executed(requesting_agency=sde, providing_agency=dol, created_by=curator)
    log(sr, curator, "executed", action="execute")
    RequestComment.objects.create(request=sr, author=curator, body="Signed.")
    client.force_login(curator)
    pages = {
        f"/resources/{resource.slug}/": 2,  # link check, updated (review by: curators)
        "/resources/curation/": 2,
        "/assessments/": 1,
        f"/assessments/{survey.key}/responses/": 1,
        f"/assessments/{survey.key}/responses/{response.pk}/": 1,
        "/sharing/requests/?view=all": 1,
        "/sharing/register/": 2,
        f"/sharing/requests/{sr.pk}/": 4,  # effective, expiry, the log, the comment
    }
    for path, at_least in pages.items():
        html = client.get(path).content.decode()
        times = TIME.findall(html)
        assert len(times) >= at_least, (path, times)
        for machine, text in times:
            assert LONG_DATE.match(text) or LONG_DATETIME.match(text), (path, text)
            assert re.match(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$", machine)
        assert OTHER_FORMATS.findall(visible_text(html)) == [], path
