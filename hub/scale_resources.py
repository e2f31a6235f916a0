"""`seed_scale --resources N`: a realistic catalog for benchmarks, written at COPY speed.

Titles and descriptions are put together from pools of the words state data staff use, tags
follow a long-tail (Zipf-like) popularity over 1,000 tags with about five per resource. Rows
go in with PostgreSQL COPY; the search vectors and word list are then computed in two
set-based statements rather than one per row.
"""

import itertools
import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from accounts.models import Agency
from config import cache_versions
from hub import search
from hub.catalog_models import Audience, Cost, ResourceType, Status
from hub.topics import TOPIC_TAGS

TAG_COUNT = 1000
SUBJECTS = [
    "census",
    "medicaid",
    "labor market",
    "housing",
    "transportation",
    "education",
    "public health",
    "opioid",
    "broadband",
    "climate",
    "water quality",
    "child welfare",
    "unemployment insurance",
    "tax revenue",
    "procurement",
    "workforce",
    "early childhood",
    "higher education",
    "corrections",
    "energy",
    "air quality",
    "wildlife",
    "tourism",
    "small business",
    "veterans",
    "aging",
    "disability services",
    "mental health",
    "hospital discharge",
    "vital statistics",
    "crash",
    "traffic",
    "parcel",
    "zoning",
    "grants",
    "budget",
    "payroll",
    "licensing",
    "inspections",
    "emergency management",
    "food security",
    "homelessness",
    "eviction",
    "behavioral health",
    "immunization",
    "school enrollment",
    "graduation",
    "apprenticeship",
    "wage",
    "economic development",
    "snap benefits",
    "child care",
    "foster care",
    "juvenile justice",
    "probation",
    "parole",
    "court caseload",
    "police use of force",
    "fire incidents",
    "ems response",
    "911 calls",
    "drinking water",
    "wastewater",
    "stormwater",
    "coastal flooding",
    "shellfish",
    "forestry",
    "state parks",
    "hunting licenses",
    "fishing licenses",
    "motor vehicles",
    "driver licenses",
    "vehicle registrations",
    "bridge conditions",
    "pavement",
    "rail ridership",
    "bus ridership",
    "airport",
    "port",
    "freight",
    "electric vehicles",
    "solar permits",
    "energy efficiency",
    "home heating",
    "utility shutoffs",
    "affordable housing",
    "rental assistance",
    "property tax",
    "sales tax",
    "income tax",
    "corporate tax",
    "lottery",
    "pensions",
    "state employees",
    "overtime",
    "contracts",
    "vendors",
    "grants management",
    "audits",
    "open data",
    "records retention",
    "freedom of information",
    "cybersecurity",
    "identity management",
    "cloud hosting",
    "geocoding",
    "address points",
    "land cover",
    "elevation",
    "orthoimagery",
    "hydrography",
    "wetlands",
    "farmland",
    "agriculture",
    "dairy",
    "aquaculture",
    "tourism spending",
    "arts funding",
    "libraries",
    "museums",
    "historic preservation",
    "voter registration",
    "elections",
    "lobbying",
    "campaign finance",
    "nursing homes",
    "home care",
    "hospital finances",
    "health insurance",
    "prescription drugs",
    "overdose deaths",
    "suicide prevention",
    "lead poisoning",
    "asthma",
    "diabetes",
    "maternal health",
    "infant mortality",
    "birth records",
    "death records",
    "marriage records",
    "disease surveillance",
    "covid",
    "influenza",
    "tick-borne disease",
    "restaurant inspections",
    "consumer complaints",
    "professional licenses",
    "liquor permits",
    "cannabis",
    "gaming",
    "insurance claims",
    "banking",
    "securities",
    "student loans",
    "financial aid",
    "teacher certification",
    "chronic absenteeism",
    "test scores",
    "special education",
    "english learners",
    "school meals",
    "career pathways",
    "job openings",
    "layoffs",
]
TOWNS = [
    "Andover",
    "Ansonia",
    "Ashford",
    "Avon",
    "Barkhamsted",
    "Berlin",
    "Bethany",
    "Bethel",
    "Bloomfield",
    "Bolton",
    "Bozrah",
    "Branford",
    "Bridgeport",
    "Bristol",
    "Brookfield",
    "Brooklyn",
    "Burlington",
    "Canaan",
    "Canterbury",
    "Canton",
    "Chaplin",
    "Cheshire",
    "Chester",
    "Clinton",
    "Colchester",
    "Colebrook",
    "Columbia",
    "Cornwall",
    "Coventry",
    "Cromwell",
    "Danbury",
    "Darien",
    "Derby",
    "Durham",
    "Eastford",
    "Easton",
    "Ellington",
    "Enfield",
    "Essex",
    "Fairfield",
    "Farmington",
    "Franklin",
    "Glastonbury",
    "Goshen",
    "Granby",
    "Greenwich",
    "Griswold",
    "Groton",
    "Guilford",
    "Haddam",
    "Hamden",
    "Hampton",
    "Hartford",
    "Hartland",
    "Harwinton",
    "Hebron",
    "Kent",
    "Killingly",
    "Killingworth",
    "Lebanon",
    "Ledyard",
    "Lisbon",
    "Litchfield",
    "Lyme",
    "Madison",
    "Manchester",
    "Mansfield",
    "Marlborough",
    "Meriden",
    "Middlebury",
    "Middlefield",
    "Middletown",
    "Milford",
    "Monroe",
    "Montville",
    "Morris",
    "Naugatuck",
    "Newington",
    "Newtown",
    "Norfolk",
    "Norwalk",
    "Norwich",
    "Orange",
    "Oxford",
    "Plainfield",
    "Plainville",
    "Plymouth",
    "Pomfret",
    "Portland",
    "Preston",
    "Prospect",
    "Putnam",
    "Redding",
    "Ridgefield",
    "Roxbury",
    "Salem",
    "Salisbury",
    "Scotland",
    "Seymour",
    "Sharon",
    "Shelton",
    "Sherman",
    "Simsbury",
    "Somers",
    "Southbury",
    "Southington",
    "Sprague",
    "Stafford",
    "Stamford",
    "Sterling",
    "Stonington",
    "Stratford",
    "Suffield",
    "Thomaston",
    "Thompson",
    "Tolland",
    "Torrington",
    "Trumbull",
    "Union",
    "Vernon",
    "Voluntown",
    "Wallingford",
    "Warren",
    "Washington",
    "Waterbury",
    "Waterford",
    "Watertown",
    "Westbrook",
    "Weston",
    "Westport",
    "Wethersfield",
    "Willington",
    "Wilton",
    "Winchester",
    "Windham",
    "Windsor",
    "Wolcott",
    "Woodbridge",
    "Woodbury",
    "Woodstock",
]
FACETS = [
    "data",
    "dashboards",
    "reporting",
    "analytics",
    "records",
    "surveys",
    "indicators",
    "mapping",
    "forecasting",
    "apis",
    "quality",
    "linkage",
    "standards",
    "trends",
    "benchmarks",
    "inventory",
    "privacy",
    "visualization",
    "modeling",
    "statistics",
    "microdata",
    "extracts",
    "metrics",
    "scorecards",
    "dictionaries",
    "codebooks",
    "layers",
    "time series",
    "estimates",
    "projections",
    "audits",
    "reconciliation",
    "crosswalks",
    "dashboards and maps",
    "feeds",
    "archives",
    "registries",
    "rosters",
    "logs",
    "requests",
]
TITLE_TEMPLATES = [
    "{town} {subject} {facet}",
    "{subject_title} {facet} for {town} and nearby towns",
    "Introduction to {subject} {facet}",
    "{subject_title} {facet} guide",
    "{agency} {subject} {facet} dashboard",
    "How to use {subject} {facet} in {tool}",
    "{tool} workshop: {subject} {facet}",
    "Template for {subject} {facet} agreements",
    "{subject_title} {facet}: policy and procedures",
    "Video: {topic} for {audience}",
    "{topic_title} essentials for {audience}",
    "Statewide {subject} {facet} dataset",
    "Community of practice: {topic}",
    "{tool} scripts for {subject} {facet}",
]  # fmt: skip
TOOLS = [
    "R", "Python", "SQL", "Excel", "Power BI", "Tableau", "ArcGIS", "SAS", "Stata", "QGIS",
    "SPSS", "Socrata", "PostgreSQL", "Snowflake", "Databricks", "Alteryx", "Qualtrics",
    "SharePoint", "Access", "Google Sheets", "Jupyter", "RStudio", "dbt", "Airflow",
]  # fmt: skip
AUDIENCE_WORDS = ["analysts", "managers", "program staff", "leaders", "data officers", "new staff"]
SENTENCES = [
    "Covers {topic} with worked examples from Connecticut agencies.",
    "Explains how {subject} {facet} are collected, cleaned and published.",
    "Includes a checklist for {topic} and links to the state's standards.",
    "Maintained by {agency}; updated when the underlying {subject} data change.",
    "Useful for {audience} who work with {subject} {facet} in {tool}.",
    "Step-by-step lessons on {topic}, with exercises and sample files.",
    "Describes the fields, definitions and known limitations of the {subject} {facet}.",
    "Shows how to present {subject} {facet} clearly and accessibly.",
    "Answers common questions about {topic} and who to contact.",
    "A short recorded session on {topic} from the statewide data community.",
    "Data for {town} and the surrounding region, refreshed monthly.",
    "Compares {town} with similar towns on {subject} {facet}.",
    "Prepared with {tool2} and checked against the {subject2} {facet2}.",
    "Related work covers {subject2} and {topic}.",
]  # fmt: skip
TYPE_WEIGHTS = {
    ResourceType.GUIDANCE: 22, ResourceType.TRAINING: 18, ResourceType.DATASET: 16,
    ResourceType.TOOL: 10, ResourceType.TEMPLATE: 9, ResourceType.VIDEO: 9,
    ResourceType.POLICY: 7, ResourceType.SOFTWARE: 5, ResourceType.CONTACT: 4,
}  # fmt: skip
AUDIENCE_WEIGHTS = {
    Audience.ALL_STAFF: 45, Audience.ANALYSTS: 30, Audience.DATA_OFFICERS: 15,
    Audience.LEADERSHIP: 10,
}  # fmt: skip


def tag_names(count: int) -> list[str]:
    """The curated topics first (the most used), then subject-and-facet pairs in a fixed
    shuffled order, so tags spread over many subjects."""
    pairs = [f"{subject} {facet}" for subject in SUBJECTS for facet in FACETS]
    random.Random(7).shuffle(pairs)  # nosec B311
    return list(dict.fromkeys([*TOPIC_TAGS, *pairs]))[:count]


def ensure_tags(count: int) -> list[int]:
    names = tag_names(count)
    existing = {t.name: t.pk for t in Tag.objects.filter(name__in=names)}
    taken_slugs = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in names:
        if name not in existing and slugify(name) not in taken_slugs:
            new.append(Tag(name=name, slug=slugify(name)))
    Tag.objects.bulk_create(new, ignore_conflicts=True)
    by_name = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    return [by_name[n] for n in names if n in by_name]


def seed_resources(count: int, stdout=None, seed: int = 2024) -> int:
    rng = random.Random(seed + count)  # nosec B311
    tag_ids = ensure_tags(TAG_COUNT)
    tag_names_by_id = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    # A long tail: the first tags (the curated topics) are the most used.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(tag_ids))]
    cumulative = list(itertools.accumulate(weights))
    agencies = list(Agency.objects.values_list("pk", "code", "name"))
    types, type_w = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    auds, aud_w = list(AUDIENCE_WEIGHTS), list(AUDIENCE_WEIGHTS.values())
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM hub_resource")
        (start_id,) = cursor.fetchone()
    batch = f"{now:%Y%m%d%H%M%S}"

    rows, links = [], []
    for n in range(count):
        chosen = set()
        wanted = min(12, max(1, round(rng.gauss(5, 1.5))))
        while len(chosen) < wanted:
            chosen.add(rng.choices(tag_ids, cum_weights=cumulative)[0])
        first_tag = tag_names_by_id[next(iter(chosen))]
        agency = rng.choice(agencies) if agencies and rng.random() < 0.9 else None
        words = {
            "subject": rng.choice(SUBJECTS),
            "facet": rng.choice(FACETS),
            "tool": rng.choice(TOOLS),
            "topic": first_tag,
            "audience": rng.choice(AUDIENCE_WORDS),
            "agency": agency[1] if agency else "OPM",
            "town": rng.choice(TOWNS),
            "tool2": rng.choice(TOOLS),
            "subject2": rng.choice(SUBJECTS),
            "facet2": rng.choice(FACETS),
        }
        words["subject_title"] = words["subject"].capitalize()
        words["topic_title"] = words["topic"].capitalize()
        title = rng.choice(TITLE_TEMPLATES).format(**words)
        description = " ".join(s.format(**words) for s in rng.sample(SENTENCES, rng.randint(2, 4)))
        roll = rng.random()
        status = (
            Status.PUBLISHED if roll < 0.95 else Status.ARCHIVED if roll < 0.99 else Status.DRAFT
        )
        published = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        slug = f"{slugify(title)[:250]}-s{batch}-{n}"
        rows.append((
            title, slug, f"https://resources.example.ct.gov/{batch}/{n}", "", description,
            rng.choices(types, type_w)[0], rng.choices(auds, aud_w)[0],
            agency[0] if agency else None, rng.choice(list(Cost.values)), status,
            published if status != Status.DRAFT else None, published, published, "",
            (published + timedelta(days=rng.randint(180, 900))).date(), sorted(chosen),
        ))  # fmt: skip
        links.append(chosen)

    with transaction.atomic(), connection.cursor() as cursor:
        columns = (
            "title, slug, url, file, description, resource_type, audience, provider_id, cost, "
            "status, published_at, created_at, updated_at, link_error, review_by, tag_ids"
        )
        with cursor.cursor.copy(f"COPY hub_resource ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            "SELECT id FROM hub_resource WHERE id > %s AND url LIKE %s ORDER BY id",
            [start_id, f"https://resources.example.ct.gov/{batch}/%"],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(
            "COPY hub_taggedresource (content_object_id, tag_id) FROM STDIN"
        ) as copy:
            for pk, chosen in zip(ids, links, strict=True):
                for tag_id in chosen:
                    copy.write_row((pk, tag_id))
        if stdout:
            stdout.write(f"  {len(ids)} resources and their tags copied; indexing...")
        cursor.execute(
            """
            UPDATE hub_resource r SET search_vector =
                setweight(to_tsvector('english', r.title), 'A')
                || setweight(to_tsvector('english', coalesce(t.names, '')), 'B')
                || setweight(to_tsvector('english', r.description), 'C')
            FROM (SELECT tr.content_object_id AS id, string_agg(tg.name, ' ') AS names
                  FROM hub_taggedresource tr JOIN taggit_tag tg ON tg.id = tr.tag_id
                  WHERE tr.content_object_id > %s GROUP BY 1) t
            WHERE r.id = t.id AND r.id > %s
            """,
            [start_id, start_id],
        )
        cursor.execute(search.TITLE_WORDS_SQL.format(where="r.id > %s"), [start_id])
        cursor.execute(
            """
            INSERT INTO hub_searchword (word)
            SELECT DISTINCT w FROM (
                SELECT regexp_split_to_table(lower(title || ' ' || description), '[^a-z0-9]+') AS w
                FROM hub_resource WHERE id > %s
                UNION ALL
                SELECT regexp_split_to_table(lower(name), '[^a-z0-9]+') FROM taggit_tag
            ) words WHERE length(w) BETWEEN 2 AND 40
            ON CONFLICT (word) DO NOTHING
            """,
            [start_id],
        )
    # The vectors were written by an UPDATE, which leaves a dead copy of every row: compact
    # the table so searches read half the pages. (Outside a transaction, as VACUUM must be.)
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (FULL, ANALYZE) hub_resource")
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE hub_resource; ANALYZE hub_taggedresource; ANALYZE hub_searchword; "
            "ANALYZE hub_titleword; "
            "ANALYZE hub_searchtermcount; ANALYZE taggit_tag"
        )
    cache_versions.changed(cache_versions.CATALOG)
    if stdout:
        stdout.write(f"  done: {len(ids)} resources, {len(tag_ids)} tags.")
    return len(ids)
