"""Full-text search of the catalog in PostgreSQL: the stored vector, typo fixing and facets.

`Resource.search_vector` holds title (weight A), tag names (B) and description (C), stemmed
with the 'english' configuration and GIN-indexed. It is recomputed in SQL whenever a resource
or its tags change (signals in hub.signals) and in one statement by the scale seeder. Words
of the catalog go into `SearchWord`, whose trigram index turns "vizualization" into
"visualization" before the query runs.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F

from config import cache_versions

CONFIG = "english"
WORD_RE = re.compile(r"[a-z0-9]+")

VECTOR_SQL = """
    setweight(to_tsvector('english', r.title), 'A')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(t.name, ' ') FROM hub_taggedresource tr
        JOIN taggit_tag t ON t.id = tr.tag_id WHERE tr.content_object_id = r.id), '')), 'B')
    || setweight(to_tsvector('english', r.description), 'C')
"""

TAG_IDS_SQL = """ARRAY(SELECT tr.tag_id FROM hub_taggedresource tr
    WHERE tr.content_object_id = r.id ORDER BY tr.tag_id)"""

WORDS_SQL = """
    INSERT INTO hub_searchword (word)
    SELECT DISTINCT w FROM hub_resource r,
        regexp_split_to_table(lower(r.title || ' ' || r.description || ' ' || coalesce((
            SELECT string_agg(t.name, ' ') FROM hub_taggedresource tr
            JOIN taggit_tag t ON t.id = tr.tag_id WHERE tr.content_object_id = r.id), '')),
            '[^a-z0-9]+') AS w
    WHERE {where} AND length(w) BETWEEN 2 AND 40
    ON CONFLICT (word) DO NOTHING
"""


# The words of published resources' titles, each with the resource's rank for a search of
# that one word (hub.catalog_models.TitleWord), from the stored vectors. Only words of letters
# and digits: only those are searched as one word (`one_term`). OFFSET 0: ts_rank once a row.
TITLE_WORDS_SQL = """
    INSERT INTO hub_titleword (resource_id, word, rank, published_at)
    SELECT t.id, t.word, t.rank, t.published_at FROM (
        SELECT r.id, w.lexeme AS word, r.published_at,
               ts_rank(r.search_vector, w.lexeme::tsquery) AS rank
        FROM hub_resource r, unnest(to_tsvector('english', r.title)) AS w
        WHERE r.status = 'published' AND w.lexeme ~ '^[a-z0-9]+$' AND {where}
        OFFSET 0
    ) AS t WHERE t.rank > 0
"""


def refresh_search(resource_ids=None) -> None:
    """Recompute the stored vectors, their title words (and add new words) for these
    resources, or for all."""
    if resource_ids is not None:
        resource_ids = list(resource_ids)
        if not resource_ids:
            return
        where, params = "r.id = ANY(%s)", [resource_ids]
        forget = ("DELETE FROM hub_titleword WHERE resource_id = ANY(%s)", params)
    else:
        where, params = "TRUE", []
        forget = ("DELETE FROM hub_titleword", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE hub_resource r SET search_vector = {VECTOR_SQL}, tag_ids = {TAG_IDS_SQL} "  # noqa: S608
            f"WHERE {where}",  # nosec B608
            params,
        )
        cursor.execute(*forget)
        cursor.execute(TITLE_WORDS_SQL.format(where=where), params)
        cursor.execute(WORDS_SQL.format(where=where), params)


# Migration 0010's triggers keep hub_searchtermcount; they and `recount_terms` take this
# transaction-scoped advisory lock before writing it. (The number is the one the trigger
# function holds; the hex in its comment there is wrong, the number is what counts.)
TERM_COUNT_LOCK = 1213546068
RECOUNT_TERMS_SQL = """
    SELECT f.term, f.facet, f.value, count(*)::integer AS count
    FROM hub_resource r, hub_resource_facet_terms(
        r.search_vector, r.resource_type, r.audience, r.provider_id, r.tag_ids) f
    WHERE r.status = 'published' GROUP BY 1, 2, 3
"""


def recount_terms() -> int:
    """Count every search term's facet values again from the resources and replace the kept
    counts, in one transaction; returns how many were wrong. The triggers keep them right:
    this is for a database whose rows were written with the triggers off (a data-only
    restore with --disable-triggers, or SQL run by hand)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TERM_COUNT_LOCK])
        cursor.execute(f"CREATE TEMP TABLE recounted ON COMMIT DROP AS {RECOUNT_TERMS_SQL}")  # noqa: S608
        cursor.execute(
            """
            SELECT count(*) FROM (
                (SELECT term, facet, value, count FROM hub_searchtermcount WHERE count > 0
                 EXCEPT SELECT * FROM recounted)
                UNION ALL
                (SELECT * FROM recounted
                 EXCEPT SELECT term, facet, value, count FROM hub_searchtermcount)
            ) AS wrong
            """
        )
        (wrong,) = cursor.fetchone()
        cursor.execute("DELETE FROM hub_searchtermcount")
        cursor.execute(
            "INSERT INTO hub_searchtermcount (term, facet, value, count) SELECT * FROM recounted"
        )
        cursor.execute("DROP TABLE recounted")  # now: the transaction may be an outer one's
        cache_versions.changed(cache_versions.CATALOG)
    return wrong


def refresh_search_for_tags(tag_ids) -> None:
    """After a tag is renamed or merged, every resource carrying it needs a new vector."""
    from hub.catalog_models import TaggedResource

    ids = TaggedResource.objects.filter(tag_id__in=list(tag_ids)).values_list(
        "content_object_id", flat=True
    )
    refresh_search(set(ids))


def correct_query(text: str, table: dict[str, str] | None = None) -> str:
    """Replace words the catalog does not contain by their nearest catalog word (pg_trgm).

    Known words, the words of the curators' synonyms ("FERPA" is never "corrected") and words
    with no close match are kept, so a correct query never changes. One query whatever the
    number of words (the synonyms are cached).
    """
    words = sorted(set(WORD_RE.findall(text.lower())))
    keep = synonym_words(words, table)
    candidates = [w for w in words if len(w) >= 4 and w not in keep]
    if not candidates:
        return text
    rows = fetch_all(
        """
        SELECT q.w, (SELECT s.word FROM hub_searchword s WHERE s.word %% q.w
                     ORDER BY similarity(s.word, q.w) DESC, s.word LIMIT 1)
        FROM unnest(%s::text[]) AS q(w)
        WHERE NOT EXISTS (SELECT 1 FROM hub_searchword s WHERE s.word = q.w)
        """,
        [candidates],
    )
    fixes = {wrong: right for wrong, right in rows if right}
    if not fixes:
        return text
    return re.sub(r"[A-Za-z0-9]+", lambda m: fixes.get(m.group(0).lower(), m.group(0)), text)


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def apply_search(queryset, text: str):
    """Filter to matches and annotate `rank` (title above tags above description); the
    curators' synonyms widen the search (`build_query`)."""
    return apply_query(queryset, build_query(text)[0])


def apply_query(queryset, query: SearchQuery):
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query, cover_density=False)
    )


# Synonyms and acronyms (hub.search_models.SearchSynonym), applied to every search: each
# term found in the search text (outside quotes, not negated with a leading minus) becomes
# "the term OR its expansion"; the rest of the text keeps the websearch syntax.


def synonyms() -> dict[str, str]:
    """{term (lower case): expansion}, cached for the catalog's version (a synonym's change
    renews it, hub.signals), so a search costs no query for them."""
    from hub.search_models import SearchSynonym

    version = cache_versions.version(cache_versions.CATALOG)
    return cache.get_or_set(
        f"catalog:{version}:synonyms",
        lambda: dict(SearchSynonym.objects.values_list("term", "expansion")),
        cache_versions.CACHE_SECONDS,
    )


def synonym_words(words, table: dict[str, str] | None = None) -> set[str]:
    """Which of these (lower-case) words belong to a synonym's term."""
    table = synonyms() if table is None else table
    if not table:
        return set()
    in_terms = {w for term in table for w in WORD_RE.findall(term)}
    return {w for w in words if w in in_terms}


def _term_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def split_synonyms(
    text: str, table: dict[str, str] | None = None
) -> tuple[list[tuple[str, str]], str]:
    """The synonyms whose term the text holds (outside quoted phrases, not negated), longest
    terms first, and the text without them. `table`: the synonyms, when already read."""
    table = synonyms() if table is None else table
    if not table:
        return [], text
    found = []
    segments = text.split('"')
    for term in sorted(table, key=lambda t: (-len(t), t)):
        pattern = _term_pattern(term)
        hit = False
        for i in range(0, len(segments), 2):  # even segments are outside quotes
            segments[i], n = pattern.subn(" ", segments[i])
            hit = hit or bool(n)
        if hit:
            found.append((term, table[term]))
    return found, '"'.join(segments)


def build_query(text: str, table: dict[str, str] | None = None) -> tuple[SearchQuery, bool]:
    """The search query for the text, and whether synonyms widened it."""
    found, rest = split_synonyms(text, table)
    if not found:
        return search_query(text), False
    parts = [search_query(rest)] if WORD_RE.search(rest.lower()) else []
    for term, expansion in found:
        parts.append(
            SearchQuery(term, search_type="plain", config=CONFIG)
            | SearchQuery(expansion, search_type="plain", config=CONFIG)
        )
    return reduce(operator.and_, parts), True


def add_words(texts) -> None:
    """Add the words of these texts to the word list the typo correction reads (for text
    searched outside the catalog: the guidance)."""
    words = sorted(
        {w for text in texts for w in WORD_RE.findall((text or "").lower()) if 2 <= len(w) <= 40}
    )
    if words:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO hub_searchword (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT (word) DO NOTHING",
                [words],
            )


@dataclass(slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facets:
    total: int = 0
    resource_type: list[FacetValue] = field(default_factory=list)
    audience: list[FacetValue] = field(default_factory=list)
    provider: list[FacetValue] = field(default_factory=list)
    tag: list[FacetValue] = field(default_factory=list)


# The page's rows come first: the other branches' NULLs take their column types.
PAGE_SQL = """
    p AS (SELECT m.id, row_number() OVER () AS n FROM (
        SELECT m.id FROM {matches} ORDER BY {order} LIMIT %s OFFSET %s) AS m)
    SELECT 'page', p.id::text, '', p.n, {row}
    FROM p JOIN hub_resource r ON r.id = p.id LEFT JOIN accounts_agency a ON a.id = r.provider_id
"""
# A search of one word by relevance: every match with the word in its title ranks above every
# match without it (ts_rank of a single term, weights 0.1/0.2/0.4/1.0 and no length
# normalisation: at least 1/1.645 = 0.61 with a title occurrence, weight A, at most about
# 0.45 without; tests/hub/test_search_term_counts.py compares the pages with a full sort).
# So when the published resources whose title holds the word fill the page, it is read from
# their title words (TitleWord: the word's rows in rank order, down one index; each row's
# resource is checked to be published and to match still, so a row left behind by a write
# that bypassed `refresh_search` can misplace a resource, never list one) and nothing is
# ranked. The word is the search word's one lexeme (NULL, so no row, if it has none or
# several). Otherwise every match is ranked (`all_ranked`, computed only then), the titled
# ones first by their rank alone.
TSQUERY_SQL = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"  # as `search_query` compiles
TITLE_WORD_SQL = """(SELECT x.a[1] FROM (SELECT tsvector_to_array(to_tsvector('english', %s))
    AS a) AS x WHERE cardinality(x.a) = 1)"""
TITLE_FIRST_PAGE_SQL = """
    titled AS MATERIALIZED (
        SELECT w.resource_id AS id, w.rank, w.published_at
        FROM hub_titleword w JOIN hub_resource r ON r.id = w.resource_id
        WHERE w.word = {title_word} AND r.status = 'published' AND r.search_vector @@ {tsquery}
        ORDER BY w.rank DESC, w.published_at DESC, w.resource_id DESC LIMIT %s),
    all_ranked AS MATERIALIZED (
        SELECT m.id, m.rank, m.published_at FROM ({matches}) AS m ORDER BY {order} LIMIT %s),
    ranked AS (
        SELECT * FROM titled WHERE (SELECT count(*) FROM titled) = %s
        UNION ALL
        SELECT * FROM all_ranked WHERE (SELECT count(*) FROM titled) < %s),
    p AS (SELECT m.id, row_number() OVER () AS n FROM (
        SELECT m.id FROM ranked AS m ORDER BY {order} LIMIT %s OFFSET %s) AS m)
    SELECT 'page', p.id::text, '', p.n, {row}
    FROM p JOIN hub_resource r ON r.id = p.id LEFT JOIN accounts_agency a ON a.id = r.provider_id
"""
FACET_SQL = """
    WITH m AS MATERIALIZED ({matched}),
    g AS (
        SELECT GROUPING(m.resource_type) AS gt, GROUPING(m.audience) AS ga,
               m.resource_type, m.audience, m.provider_id, count(*) AS n
        FROM m GROUP BY GROUPING SETS ((m.resource_type), (m.audience), (m.provider_id))
    ),
    t AS (
        SELECT tag_id, count(*) AS n FROM (SELECT unnest(m.tag_ids) AS tag_id FROM m) AS u
        GROUP BY tag_id ORDER BY n DESC, tag_id LIMIT %s
    ),{page}
    UNION ALL
    SELECT 'type', g.resource_type, g.resource_type, g.n, {no_row} FROM g WHERE g.gt = 0
    UNION ALL
    SELECT 'audience', g.audience, g.audience, g.n, {no_row} FROM g WHERE g.gt = 1 AND g.ga = 0
    UNION ALL
    SELECT 'provider', a.code, a.name, g.n, {no_row}
    FROM g JOIN accounts_agency a ON a.id = g.provider_id WHERE g.gt = 1 AND g.ga = 1
    UNION ALL
    SELECT 'tag', tg.slug, tg.name, t.n, {no_row} FROM t JOIN taggit_tag tg ON tg.id = t.tag_id
"""
# The rows of either statement below in the order they are shown: the page's lines in page
# order, then the facet values, most resources first, ties by name as Python compares them.
ORDERED_SQL = """
    SELECT * FROM ({statement}) AS s(kind, value, label, n)
    ORDER BY s.kind <> 'page', CASE WHEN s.kind = 'page' THEN s.n ELSE -s.n END,
             s.label COLLATE "C"
"""
# A one-word search with no other filter, and the unfiltered list: the facets are read from
# the counts per search term (SearchTermCount, kept by triggers) instead of counted over the
# matches, which are a quarter of the catalog for a common word and all of it unfiltered.
# The same rows as FACET_SQL, in the same order.
TERM_FACET_SQL = """
    WITH c AS MATERIALIZED (
        SELECT s.facet, s.value, s.count FROM hub_searchtermcount s
        WHERE s.term = {term} AND s.count > 0
    ),
    t AS (
        SELECT c.value, c.count FROM c WHERE c.facet = 'tag'
        ORDER BY c.count DESC, c.value::integer LIMIT %s
    ),{page}
    UNION ALL
    SELECT c.facet, c.value, c.value, c.count, {no_row} FROM c
    WHERE c.facet IN ('type', 'audience')
    UNION ALL
    SELECT 'provider', a.code, a.name, c.count, {no_row}
    FROM c JOIN accounts_agency a ON a.id::text = c.value WHERE c.facet = 'provider'
    UNION ALL
    SELECT 'tag', tg.slug, tg.name, t.count, {no_row}
    FROM t JOIN taggit_tag tg ON tg.id = t.value::integer
"""
ONE_WORD_RE = re.compile(r"[A-Za-z0-9]+")
# The term every published resource holds in the counts (migration 0011): no lexeme is empty.
ALL = ""
TERM_SQL = {
    "word": "ANY(tsvector_to_array(to_tsvector('english', %s)))",
    "all": "%s",
}


def one_term(text: str) -> bool:
    """Whether this search text is one word that PostgreSQL's parser keeps whole (letters and
    digits only), so its query is a single term of the vectors, or none (a stop word)."""
    return bool(ONE_WORD_RE.fullmatch(text.strip()))


# What a result line shows (hub.selectors.result_rows): these resource fields, its
# provider's name and its tag names (sorted, read through its tag id array), read with the
# page's ids.
RESULT_FIELDS = ["title", "slug", "description", "resource_type", "audience"]
ROW_COLUMNS = {field: f"r.{field}" for field in RESULT_FIELDS} | {
    "provider_name": "a.name",
    "tag_names": "ARRAY(SELECT t.name FROM taggit_tag t WHERE t.id = ANY(r.tag_ids)"
    " ORDER BY t.name)",
}
ROW_SQL = ", ".join(ROW_COLUMNS.values())
NO_ROW_SQL = ", ".join(["NULL"] * len(ROW_COLUMNS))
ORDER_SQL = {
    "relevance": "m.rank DESC, m.published_at DESC, m.id DESC",
    "newest": "m.published_at DESC, m.id DESC",
    "title": "m.title, m.id",
}


def facets_and_page(
    matches, sort: str, offset: int, limit: int, tag_limit: int = 15, term: str | None = None
):
    """Facet counts of the matching resources and the rows of one page, in one statement.

    `matches` is the queryset of the matching resources (ResourceFilter.qs: the list page and
    the digests filter with the same FilterSet). Its SQL is a materialised CTE read once:
    GROUPING SETS count the single-valued facets (their sum is the total), the tag ids array
    the tags, and the same rows are sorted for the page, whose lines are read in the same
    statement (tuples of the id and the columns of ROW_COLUMNS, in page order). With `term`
    (the matches are exactly the published resources matching that one word, see
    `one_term`), the facets are read from the term's counts and only the page's sort reads
    the matches (by relevance, the titles holding the word first); `term=ALL` reads the whole
    catalog's (the matches are exactly the published resources).
    """
    title_first = term not in (None, ALL) and sort == "relevance"
    columns = ["id", "resource_type", "audience", "provider_id", "tag_ids", "published_at"]
    columns += ["title"] if sort == "title" else ["rank"] if sort == "relevance" else []
    try:
        sql, params = matches.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:  # e.g. an ORM filter that nothing can match
        return Facets(), []
    if title_first:
        page = TITLE_FIRST_PAGE_SQL.format(
            matches=sql, title_word=TITLE_WORD_SQL, tsquery=TSQUERY_SQL, order=ORDER_SQL[sort],
            row=ROW_SQL,
        )  # fmt: skip
        need = offset + limit
        page_params = [term, term, need, *params, need, need, need, limit, offset]
    else:
        page = PAGE_SQL.format(
            matches="m" if term is None else f"({sql}) AS m", order=ORDER_SQL[sort], row=ROW_SQL
        )
        page_params = [*params, limit, offset]
    no_row = NO_ROW_SQL
    if term is not None:
        kind = "all" if term == ALL else "word"
        statement = TERM_FACET_SQL.format(term=TERM_SQL[kind], page=page, no_row=no_row)
        params = [term, tag_limit, *page_params]
    else:
        statement = FACET_SQL.format(matched=sql, page=page, no_row=no_row)
        params = [*params, tag_limit, limit, offset]
    rows = fetch_all(ORDERED_SQL.format(statement=statement), params)
    pages = sum(1 for row in rows if row[0] == "page")  # first, in page order
    page_rows = [(int(r[1]), *r[4:]) for r in rows[:pages]]
    facets = Facets()
    lists = {"type": facets.resource_type, "audience": facets.audience,
             "provider": facets.provider, "tag": facets.tag}  # fmt: skip
    labels = facet_labels()
    for kind, value, label, count, *_ in rows[pages:]:  # most resources first, then by name
        lists[kind].append(FacetValue(value, labels.get((kind, value), label), count))
    facets.total = sum(item.count for item in facets.resource_type)
    return facets, page_rows


def facet_labels() -> dict[tuple[str, str], str]:
    """(facet, value): label, for the choices of type and audience."""
    from hub.catalog_models import Audience, ResourceType

    return {
        (kind, value): label
        for kind, choices in [("type", ResourceType.choices), ("audience", Audience.choices)]
        for value, label in choices
    }


def fetch_all(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
