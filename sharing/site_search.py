"""The guidance in the site search (hub.site_search): legal frameworks, data categories,
agreement types and clauses, for everyone signed in (the guidance is not confidential).

One statement: the four kinds' matches (some sixty rows at most in all), ranked together,
each matched through the GIN index of its vector (sharing.models, migration 0017).
"""

from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse

from hub import site_search
from hub.site_search import FacetCount, Hit, KindResult, SearchText
from sharing.models import (
    AGREEMENT_TYPE_VECTOR,
    CATEGORY_VECTOR,
    CLAUSE_VECTOR,
    FRAMEWORK_VECTOR,
    AgreementType,
    Clause,
    DataCategory,
    LegalFramework,
)

# facet key: (label, model, vector, title field, key field, summary field)
SOURCES = {
    "framework": ("Legal framework", LegalFramework, FRAMEWORK_VECTOR, "name", "slug", "summary"),
    "category": ("Data category", DataCategory, CATEGORY_VECTOR, "name", "key", "description"),
    "agreement": (
        "Agreement type",
        AgreementType,
        AGREEMENT_TYPE_VECTOR,
        "name",
        "key",
        "description",
    ),
    "clause": ("Clause", Clause, CLAUSE_VECTOR, "title", "key", "text"),
}
PLURALS = {"framework": "Legal frameworks", "category": "Data categories",
           "agreement": "Agreement types", "clause": "Clauses"}  # fmt: skip


def _vector_sql(facet: str) -> tuple[str, tuple]:
    """The SQL of the kind's vector, exactly as its GIN index has it (Meta.indexes), compiled
    once per process: the ORM takes longer to compile four such queries than PostgreSQL to
    answer them."""
    found = VECTOR_SQL.get(facet)
    if found is None:
        _, model, vector, *_ = SOURCES[facet]
        sql, params = (
            model.objects.annotate(v=vector).values_list("v").order_by().query.sql_with_params()
        )
        found = VECTOR_SQL[facet] = (sql[len("SELECT ") : sql.rindex(' AS "v" FROM ')], params)
    return found


VECTOR_SQL: dict[str, tuple[str, tuple]] = {}


def _matches(facets: list[str], query) -> list[tuple]:
    """(facet, title, key, summary, rank) of every match of the query, in one statement."""
    compiler = LegalFramework.objects.none().query.get_compiler(connection.alias)
    tsquery, tsquery_params = compiler.compile(query)
    parts, params = [], list(tsquery_params)
    for facet in facets:
        _, model, _, title, key, summary = SOURCES[facet]
        vector, vector_params = _vector_sql(facet)
        table = connection.ops.quote_name(model._meta.db_table)
        title, key, summary = (
            f"{table}.{connection.ops.quote_name(c)}" for c in (title, key, summary)
        )
        parts.append(
            f"SELECT %s, {title}, {key}, {summary}, "  # noqa: S608
            f"ts_rank({vector}, q.q) FROM {table}, q WHERE {vector} @@ q.q"  # nosec B608
        )
        params += [facet, *vector_params, *vector_params]
    # Names and expressions come from the models; every value is a parameter.
    sql = f"WITH q AS (SELECT {tsquery} AS q) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def url_of(facet: str, key: str) -> str:
    index = reverse("sharing:index")
    if facet == "framework":
        return reverse("sharing:framework_detail", args=[key])
    if facet == "category":  # the guidance home lists the category's frameworks
        return index + "?" + urlencode({"category": key}) + "#frameworks-heading"
    return index + f"#{'type' if facet == 'agreement' else 'clause'}-{key}"


def guidance(user, text: SearchText, limit: int) -> KindResult:
    chosen = text.facet if text.facet in SOURCES else ""
    facets = [chosen] if chosen else list(SOURCES)
    rows = _matches(facets, text.query)
    rows.sort(key=lambda row: (-row[4], row[0], row[1]))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    search_url = reverse("site_search")
    facet_counts = [
        FacetCount(
            PLURALS[facet],
            counts[facet],
            search_url + "?" + urlencode({"q": text.raw, "kind": "guidance", "facet": facet}),
            facet == chosen,
        )
        for facet in SOURCES
        if counts.get(facet)
    ]
    hits = [
        Hit(title, url_of(facet, key), SOURCES[facet][0], site_search.summary(summary or ""))
        for facet, title, key, summary, _ in rows[:limit]
    ]
    more = search_url + "?" + urlencode({"q": text.raw, "kind": "guidance"})
    return KindResult(hits, len(rows), facet_counts, more)
