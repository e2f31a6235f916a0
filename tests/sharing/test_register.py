"""The register: agreements by agency pair, filters, CSV (formula-safe), matrix, budgets."""

import csv
import datetime
import io

import pytest

from hub.formula_guard import safe_cell
from sharing.models import SharingRequest, State
from tests import factories
from tests.sharing.factories import SharingRequestFactory, executed

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def agreements(dol, sde, dcf):
    dss = factories.AgencyFactory(code="DSS")
    return {
        "wages": executed(
            title="=HYPERLINK(evil)",
            requesting_agency=sde,
            providing_agency=dol,
            categories=["ui_wage_records"],
        ),
        "students": executed(
            requesting_agency=dol,
            providing_agency=sde,
            categories=["education_records"],
            expiry_date=TODAY + datetime.timedelta(days=20),
        ),
        "ended": SharingRequestFactory(
            requesting_agency=dss,
            providing_agency=dcf,
            categories=["child_welfare"],
            state=State.TERMINATED,
            effective_date=TODAY - datetime.timedelta(days=100),
            expiry_date=TODAY + datetime.timedelta(days=100),
        ),
        "draft": SharingRequestFactory(requesting_agency=dss, providing_agency=dol),
    }


def test_register_lists_agreements_not_drafts(client, agreements, outsider):
    client.force_login(outsider)
    page = client.get("/sharing/register/").content.decode()
    assert "3 agreements" in page
    assert f"#{agreements['draft'].pk}" not in page
    # An outsider sees the pair and status, not the title or a link.
    assert f"/sharing/requests/{agreements['wages'].pk}/" not in page


def test_party_gets_the_link(client, agreements, requester):
    client.force_login(requester)
    page = client.get("/sharing/register/").content.decode()
    assert f"/sharing/requests/{agreements['wages'].pk}/" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "education_records"}, {"students"}),
        ({"status": "terminated"}, {"ended"}),
        ({"expires_before": (TODAY + datetime.timedelta(days=30)).isoformat()}, {"students"}),
    ],
)
def test_register_filters(client, agreements, requester, params, expected):
    client.force_login(requester)
    rows = list(
        csv.DictReader(io.StringIO(client.get("/sharing/register.csv", params).content.decode()))
    )
    assert {r["request"] for r in rows} == {str(agreements[k].pk) for k in expected}


def test_register_filter_by_agency(client, agreements, requester, dcf):
    client.force_login(requester)
    response = client.get("/sharing/register.csv", {"agency": dcf.pk})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["request"] for r in rows] == [str(agreements["ended"].pk)]


def test_csv_export_columns(client, agreements, requester):
    client.force_login(requester)
    response = client.get("/sharing/register.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    wages = next(r for r in rows if r["request"] == str(agreements["wages"].pk))
    assert wages == {
        "request": str(agreements["wages"].pk),
        "providing_agency": "DOL",
        "receiving_agency": "SDE",
        "categories": "ui_wage_records",
        "status": "Executed",
        "effective_date": str(agreements["wages"].effective_date),
        "expiry_date": str(agreements["wages"].expiry_date),
        "providing_agency_name": "Department of Labor",
        "receiving_agency_name": "State Department of Education",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("DOL", "DOL"),
        (None, ""),
    ],
)
def test_formula_cells_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_matrix_counts_active_agreements(client, agreements, requester):
    client.force_login(requester)
    page = client.get("/sharing/register/matrix/").content.decode()
    assert "<caption" in page and 'scope="row"' in page
    assert '<abbr title="Department of Labor">DOL</abbr>' in page
    # DOL provides to SDE once and SDE to DOL once; the terminated one is not active.
    from sharing.selectors import sharing_matrix

    matrix = sharing_matrix()
    assert [code for code, _ in matrix["receivers"]] == ["DOL", "SDE"]
    assert matrix["rows"] == [
        ("DOL", "Department of Labor", [0, 1]),
        ("SDE", "State Department of Education", [1, 0]),
    ]


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_register_queries_constant_in_rows(client, dol, sde, requester):
    client.force_login(requester)
    counts = []
    for n in (3, 30):
        while SharingRequest.objects.count() < n:
            executed(
                requesting_agency=sde,
                providing_agency=dol,
                categories=["ui_wage_records", "medicaid"],
            )
        counts.append(count_queries(client, "/sharing/register/"))
        counts.append(count_queries(client, "/sharing/register/matrix/"))
        counts.append(count_queries(client, "/sharing/register.csv"))
    assert counts[:3] == counts[3:]


def test_register_query_budget(client, dol, sde, requester, django_assert_max_num_queries):
    for _ in range(10):
        executed(requesting_agency=sde, providing_agency=dol)
    client.force_login(requester)
    with django_assert_max_num_queries(16):
        assert client.get("/sharing/register/", {"category": "ui_wage_records"}).status_code == 200


def test_queue_queries_constant_and_within_budget(
    client, dol, sde, sharing_reviewer, django_assert_max_num_queries
):
    client.force_login(sharing_reviewer)
    counts = []
    for n in (3, 30):
        while SharingRequest.objects.count() < n:
            SharingRequestFactory(
                requesting_agency=sde, providing_agency=dol, state=State.SUBMITTED
            )
        counts.append(count_queries(client, "/sharing/requests/"))
        page = client.get("/sharing/requests/").content.decode()
        assert f"{n} requests waiting on you" in page
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(10):
        client.get("/sharing/requests/?view=all")


def test_detail_queries_constant_in_comments_and_other_rows(client, draft, requester, provider):
    """Counted with an empty cache: what the page costs when it renders everything."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharing.services import add_comment

    client.force_login(requester)
    before = count_queries(client, f"/sharing/requests/{draft.pk}/")
    for i in range(10):
        add_comment(draft, provider if i % 2 else requester, f"Comment {i}")
        executed(requesting_agency=draft.requesting_agency, providing_agency=draft.providing_agency)
    cache.clear()
    assert count_queries(client, f"/sharing/requests/{draft.pk}/") == before
    assert before <= 14
    # The page loads this request's rows only (not every request's comments and logs).
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/sharing/requests/{draft.pk}/")
    comment_queries = [q["sql"] for q in captured if 'FROM "sharing_requestcomment"' in q["sql"]]
    assert comment_queries and all(
        f"IN ({draft.pk})" in sql or f'"request_id" = {draft.pk} ' in sql for sql in comment_queries
    )
