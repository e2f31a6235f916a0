"""The list page's SQL for the filters keeps the same resources as the FilterSet's ORM query
(ResourceFilter.published_matches_sql against ResourceFilter.qs), with the same ranks."""

import random
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict

from hub.catalog_models import Resource
from hub.filters import ResourceFilter
from tests import factories
from tests.hub.test_search_term_counts import AUDIENCES, TYPES, WORDS, random_resource

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "resource_type", "audience", "provider_id", "tag_ids", "published_at", "rank")


def by_orm(params: QueryDict) -> dict[int, float | None]:
    filterset = ResourceFilter(params, queryset=Resource.objects.published())
    rows = filterset.qs.values_list("id", "rank") if params.get("q", "").strip() else []
    if not rows:
        rows = [(pk, None) for pk in filterset.qs.values_list("id", flat=True)]
    return dict(rows)


def by_sql(params: QueryDict) -> dict[int, float | None]:
    filterset = ResourceFilter(params, queryset=Resource.objects.published())
    filterset.is_valid()
    text = filterset.search_text(filterset.form.cleaned_data.get("q"))
    sql, values = filterset.published_matches_sql(COLUMNS, text)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        names = [c.name for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {row["id"]: row.get("rank") for row in rows}


def random_params(rng) -> QueryDict:
    pairs = []
    if rng.random() < 0.7:
        words = rng.sample(WORDS + ["censis", "the", "nothing", '"census mapping"'], 2)
        pairs.append(("q", " ".join(words[: rng.randint(1, 2)])))
    if rng.random() < 0.5:
        pairs.append(("type", rng.choice(TYPES + ["not-a-type"])))
    if rng.random() < 0.4:
        pairs.append(("audience", rng.choice(AUDIENCES + ["everyone"])))
    if rng.random() < 0.4:
        pairs.append(("provider", rng.choice(["DSS", "OPM", "NOPE"])))
    for slug in rng.sample(
        ["gis", "python", "equity", "metadata", "unknown-tag"], rng.randint(0, 3)
    ):
        pairs.append(("tag", slug))
    if rng.random() < 0.3:
        pairs.append(("sort", rng.choice(["relevance", "newest", "title", "bogus"])))
    return QueryDict(urlencode(pairs))


def test_the_sql_keeps_what_the_orm_keeps():
    rng = random.Random(20261129)
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    opm = factories.AgencyFactory(code="OPM", name="Office of Policy and Management")
    for n in range(40):
        random_resource(rng, n, [dss, opm, None])
    nonempty = 0
    for _ in range(250):
        params = random_params(rng)
        orm, sql = by_orm(params), by_sql(params)
        assert sql.keys() == orm.keys(), params.urlencode()
        for pk, rank in orm.items():
            assert sql[pk] == pytest.approx(rank), (params.urlencode(), pk)
        nonempty += bool(orm)
    assert nonempty > 60  # the combinations found resources, not only empty sets


def test_an_unknown_tag_or_agency_keeps_nothing_and_tags_combine():
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    both = factories_resource("Census guide", ["gis", "python"], dss)
    factories_resource("Census table", ["gis"], None)
    assert by_sql(QueryDict("tag=gis&tag=python")).keys() == {both.pk}
    assert by_sql(QueryDict("tag=gis&tag=unknown-tag")) == {}
    assert by_sql(QueryDict("provider=NOPE")) == {}
    assert by_sql(QueryDict("provider=DSS")).keys() == {both.pk}
    assert len(by_sql(QueryDict("tag=gis"))) == 2


def factories_resource(title, tags, provider):
    from tests.hub.factories import ResourceFactory

    return ResourceFactory(title=title, tags=tags, provider=provider)
