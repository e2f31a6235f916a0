"""The Hiring page walks a manager through one role: classification, posting, interview kit,
programs and guidance; samples are marked; a fixed number of queries."""

import pytest
from django.urls import reverse

from hiring.models import SAMPLE_NOTICE, Role
from tests import factories
from tests.hiring import factories as hiring

pytestmark = pytest.mark.django_db

ROLES = [(role.value, role.label) for role in Role]


@pytest.fixture
def content(db):
    by_role = {role: hiring.role_content(role, role.upper()) for role, _label in ROLES}
    hiring.program("Governor's Fellows", schools=2)
    hiring.guidance("Offer remote work")
    return by_role


def test_the_index_offers_each_role(leader_client):
    page = leader_client.get("/hiring/").content.decode()
    for role, label in ROLES:
        assert f'href="{reverse("hiring:role", args=[role])}"' in page
        assert label in page
    assert "Step 1: pick the role you are hiring for" in page


@pytest.mark.parametrize(("role", "label"), ROLES)
def test_the_walk_through_shows_only_the_roles_content(role, label, content, leader_client):
    response = leader_client.get(f"/hiring/{role}/")
    assert response.status_code == 200
    page = response.content.decode()
    mine = role.upper()
    assert f"Hiring a {label.lower()}" in page
    for text in (
        f"{mine} classification", f"CODE-{mine}"[:20], f"Duties of {mine}",
        f"{mine} posting", f"{mine} kit", f"{mine} question 1",
        "Governor&#x27;s Fellows", "Governor&#x27;s Fellows school 1", "Offer remote work",
    ):  # fmt: skip
        assert text in page, text
    for other, _label in ROLES:
        if other != role:
            assert f"{other.upper()} classification" not in page
            assert f"{other.upper()} kit" not in page
    steps = ["Step 2: the job classification", "Step 3: a sample job posting",
             "Step 4: the interview kit", "Step 5: internships",
             "Step 6: competing with the private sector"]  # fmt: skip
    assert [page.index(s) for s in steps] == sorted(page.index(s) for s in steps)
    assert 'aria-current="page"' in page
    assert SAMPLE_NOTICE.split(":")[0] + ":</strong>" not in page  # nothing is a sample


def test_samples_are_marked_and_official_texts_are_not(leader_client):
    hiring.role_content("analyst", "OFFICIAL")
    hiring.role_content("analyst", "DEMO", sample=True)
    page = leader_client.get("/hiring/analyst/").content.decode()
    notice = "<strong>Sample:</strong> curators must replace this with the state's official text."
    assert page.count(notice) == 3  # the sample classification, posting and kit
    official = page.index("OFFICIAL classification")
    assert notice not in page[official : page.index("</article>", official)]


def test_an_unknown_role_is_404(leader_client):
    assert leader_client.get("/hiring/astronaut/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in ("/hiring/", "/hiring/analyst/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_of_an_unrelated_agency_sees_statewide_content_only(
    content, current_cycle, five_agencies
):
    """The pages hold curated statewide guidance and statewide figures: a user of any
    agency reads the same, and no agency's own answers or names appear."""
    from tests.hiring.conftest import answer_recruiting

    answer_recruiting(current_cycle, five_agencies[:3], "leadership", recruit="agree")
    stranger = factories.data_officer(agency=factories.AgencyFactory(code="DECD"))
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    for path in ("/hiring/", "/hiring/analyst/"):
        page = client.get(path).content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        for agency in five_agencies:
            assert agency.name not in main
    assert "Edit the hiring toolkit" not in page


def test_curators_get_a_link_to_the_admin(curator_client):
    page = curator_client.get("/hiring/").content.decode()
    assert 'href="/admin/hiring/"' in page


def test_the_role_page_reads_a_fixed_number_of_queries(leader_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hiring.role_content("analyst", "A", questions=1)
    hiring.program("P1", schools=1)
    hiring.guidance("G1")
    leader_client.get("/hiring/analyst/")  # session and caches warm
    with CaptureQueriesContext(connection) as small:
        leader_client.get("/hiring/analyst/")
    for n in range(2, 6):
        hiring.role_content("analyst", f"B{n}", questions=6)
        hiring.program(f"P{n}", schools=4)
        hiring.guidance(f"G{n}")
    with django_assert_num_queries(len(small.captured_queries)):
        page = leader_client.get("/hiring/analyst/").content.decode()
    assert "B5 question 5" in page and "P5 school 3" in page


def test_the_index_reads_a_fixed_number_of_queries(
    leader_client, current_cycle, five_agencies, django_assert_max_num_queries
):
    from tests.hiring.conftest import answer_recruiting

    answer_recruiting(current_cycle, five_agencies, "leadership", recruit="agree")
    leader_client.get("/hiring/")
    with django_assert_max_num_queries(8):
        leader_client.get("/hiring/")
