"""CSV import and export of the catalog, shared by `import_resources` and the admin.

Import is idempotent on url (a known url updates that resource) and all-or-nothing: every
row is checked first and one bad row rejects the file with line numbers. Export guards
cells a spreadsheet would run as a formula (hub.formula_guard).
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Agency
from config import cache_versions
from config.csv_import import ErrorList, ImportRejected, read_rows
from hub import search
from hub.catalog_models import Audience, Resource, ResourceType, Status, TaggedResource
from hub.catalog_services import tags_by_name, unique_slugs
from hub.formula_guard import safe_cell
from hub.input_checks import LINE_BREAKS, has_control_characters

IMPORT_COLUMNS = ["title", "url", "resource_type", "tags", "provider"]
OPTIONAL_COLUMNS = ["audience", "description", "status"]
EXPORT_COLUMNS = [
    "title", "url", "resource_type", "tags", "provider", "audience", "description", "status",
    "cost", "review_by", "owner", "link_status", "link_checked_at", "updated_at",
]  # fmt: skip


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _choice(value: str, choices) -> str | None:
    """Accept a choice's value or its label, any case; blank is None."""
    wanted = value.strip().lower()
    for key, label in choices:
        if wanted in {key, label.lower(), key.replace("_", " ")}:
            return key
    return None


def parse_tags(value: str) -> list[str]:
    names = [" ".join(part.split()).lower() for part in value.split(";")]
    return list(dict.fromkeys(n for n in names if n))


class _NoProgress:
    def step(self, done, total=None, message=None):
        pass


def import_resources(source, user=None, progress=None) -> ImportSummary:
    """Check every row, then write them all in one transaction (or nothing). `progress`
    (jobs.progress.Progress, for the background import) hears `step(done, total, message)`:
    each row counts once when checked and once when written."""
    progress = progress or _NoProgress()
    rows = list(read_rows(source, IMPORT_COLUMNS))
    total = 2 * len(rows)
    progress.step(0, total, "Checking rows")
    agencies = {a.code.upper(): a for a in Agency.objects.all()}
    check_url = URLValidator(schemes=["http", "https"])
    errors = ErrorList()
    planned = []
    seen: dict[str, int] = {}
    for checked, (line, row) in enumerate(rows, 1):
        progress.step(checked, total, "Checking rows")
        title, url = row["title"], row["url"]
        if not title:
            errors.add(line, "title is required")
        elif len(title) > 300:
            errors.add(line, "title is longer than 300 characters")
        elif has_control_characters(title) or LINE_BREAKS.search(title):
            errors.add(line, "title contains a control character or a line break")
        try:
            check_url(url)
            if len(url) > 1000:
                raise ValidationError("too long")
        except ValidationError:
            errors.add(line, f"malformed url {url!r}" if url else "url is required")
        if url in seen:
            errors.add(line, f"url repeats line {seen[url]}")
        seen[url] = line
        rtype = _choice(row["resource_type"], ResourceType.choices)
        if rtype is None:
            errors.add(line, f"unknown resource_type {row['resource_type']!r}")
        provider = None
        if row["provider"]:
            provider = agencies.get(row["provider"].upper())
            if provider is None:
                errors.add(line, f"unknown agency {row['provider']!r}")
        audience = Audience.ALL_STAFF
        if row.get("audience"):
            audience = _choice(row["audience"], Audience.choices)
            if audience is None:
                errors.add(line, f"unknown audience {row['audience']!r}")
        status = Status.DRAFT
        if row.get("status"):
            status = _choice(row["status"], Status.choices)
            if status is None:
                errors.add(line, f"unknown status {row['status']!r}")
        tags = parse_tags(row["tags"])
        if any(len(t) > 100 for t in tags):
            errors.add(line, "a tag is longer than 100 characters")
        fields = {
            "title": title,
            "resource_type": rtype,
            "provider": provider,
            "audience": audience,
            "description": row.get("description", ""),
            "status": status,
        }
        planned.append((url, fields, tags))
    errors.raise_if_any()

    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            return _write_all(planned, user, progress)
        except IntegrityError as exc:
            # Only another writer (an admin save taking a slug or url) can get here, since
            # imports queue on the lock; the file is still valid, so try again, then say so.
            if attempt == WRITE_ATTEMPTS:
                raise ImportRejected(
                    ["the catalog changed while importing; nothing was imported, try again"]
                ) from exc
    raise AssertionError("unreachable")  # pragma: no cover


WRITE_ATTEMPTS = 3
# Imports queue behind this transaction-scoped advisory lock, so two imports of the same
# file never both see a url as new (which would make one fail on the unique url).
IMPORT_LOCK = 0x4855_4249  # "HUBI"


BATCH = 1000  # rows per INSERT or UPDATE statement


def _write_all(planned, user, progress) -> ImportSummary:
    """Write every planned row with a fixed number of statements (one per BATCH rows):
    resources, their history entries and tag links in bulk, then the search vectors in one
    UPDATE, whose statement-level triggers keep the search-term counts."""
    summary = ImportSummary()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        existing = {
            r.url: r
            for r in Resource.objects.filter(url__in=[p[0] for p in planned]).defer(
                "search_vector", "tag_ids"
            )
        }
        current_tags = _current_tags([r.pk for r in existing.values()])
        now = timezone.now()
        new, changed, wanted_tags = [], [], {}
        for url, fields, tags in planned:
            resource = existing.get(url)
            if resource is None:
                resource = Resource(url=url, created_by=user, updated_by=user)
                _apply(resource, fields, now)
                tags_differ = bool(tags)
                new.append(resource)
                summary.created += 1
            else:
                fields_differ = _apply(resource, fields, now)
                tags_differ = set(current_tags.get(resource.pk, {})) != set(tags)
                if not (fields_differ or tags_differ):
                    summary.unchanged += 1
                    continue
                resource.updated_by, resource.updated_at = user, now
                changed.append(resource)
                summary.updated += 1
            # One history entry per row written; a change of tags names them there (a change
            # of tags alone still leaves an entry).
            resource._change_reason = "CSV import"
            if tags_differ:
                resource._change_reason += "; tags: " + (", ".join(sorted(tags)) or "none")
            wanted_tags[url] = tags
        for resource, slug in zip(new, unique_slugs([r.title for r in new]), strict=True):
            resource.slug = slug
        # Written BATCH rows at a time (as bulk_create would), saying how far it got.
        base, total = len(planned), 2 * len(planned)
        progress.step(base + summary.unchanged, total, "Writing resources")
        for start in range(0, len(new), BATCH):
            chunk = new[start : start + BATCH]
            bulk_create_with_history(chunk, Resource, batch_size=BATCH, default_user=user)
            progress.step(base + summary.unchanged + start + len(chunk), total)
        _update_rows(changed)
        # No fields: the rows are written above; this writes their history entries in bulk.
        bulk_update_with_history(changed, Resource, [], batch_size=BATCH, default_user=user)
        progress.step(total - 1 if planned else total, total, "Writing tags and search index")
        written = {r.url: r.pk for r in [*new, *changed]}
        _write_tags(written, wanted_tags, current_tags)
        search.refresh_search(written.values())
        cache_versions.changed(cache_versions.CATALOG)  # bulk writes send no model signals
    return summary


UPDATED_FIELDS = [
    "title", "resource_type", "provider", "audience", "description", "status",
    "published_at", "updated_by", "updated_at",
]  # fmt: skip


def _update_rows(resources) -> None:
    """UPDATE the changed resources: one prepared statement, its rows sent in a pipeline.

    Django's bulk_update writes a CASE per field per row, which took about 2 ms a row to
    build in Python (100,000 changed rows: 4 minutes); this builds only the parameters.
    """
    fields = [Resource._meta.get_field(name) for name in UPDATED_FIELDS]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    rows = [[getattr(r, f.attname) for f in fields] + [r.pk] for r in resources]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE hub_resource SET {assignments} WHERE id = %s", rows)  # noqa: S608  # nosec B608 (column names from the model)


def _apply(resource, fields, now) -> bool:
    """Set the row's values on the resource; True if any differs from what it had."""
    differs = False
    for name, value in fields.items():
        attname = "provider_id" if name == "provider" else name
        value = value.pk if name == "provider" and value is not None else value
        if getattr(resource, attname) != value:
            setattr(resource, attname, value)
            differs = True
    if resource.status == Status.PUBLISHED and not resource.published_at:
        resource.published_at = now
    return differs


def _current_tags(resource_ids) -> dict[int, dict[str, int]]:
    """For each resource, its tag names and the id of the link to each."""
    links: dict[int, dict[str, int]] = {}
    rows = TaggedResource.objects.filter(content_object_id__in=resource_ids).values_list(
        "content_object_id", "tag__name", "pk"
    )
    for resource_id, name, link_id in rows:
        links.setdefault(resource_id, {})[name] = link_id
    return links


def _write_tags(written, wanted_tags, current_tags) -> None:
    """Drop the links no longer wanted and add the new ones, each in bulk."""
    tag_ids = tags_by_name(name for tags in wanted_tags.values() for name in tags)
    dropped, added = [], []
    for url, resource_id in written.items():
        wanted = set(wanted_tags[url])
        current = current_tags.get(resource_id, {})
        dropped += [link for name, link in current.items() if name not in wanted]
        added += [
            TaggedResource(content_object_id=resource_id, tag_id=tag_ids[name])
            for name in wanted_tags[url]
            if name not in current
        ]
    TaggedResource.objects.filter(pk__in=dropped).delete()
    TaggedResource.objects.bulk_create(added, batch_size=BATCH)


def export_rows(queryset):
    queryset = queryset.select_related("provider", "owner").prefetch_related("tags")
    for r in queryset.order_by("title", "id").iterator(chunk_size=2000):
        yield [
            r.title,
            r.url,
            r.resource_type,
            ";".join(sorted(t.name for t in r.tags.all())),
            r.provider.code if r.provider else "",
            r.audience,
            r.description,
            r.status,
            r.cost,
            r.review_by.isoformat() if r.review_by else "",
            r.owner.email if r.owner else "",
            r.link_status or "",
            r.link_checked_at.isoformat() if r.link_checked_at else "",
            r.updated_at.isoformat(),
        ]


def export_csv(queryset) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(queryset):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


# The catalog feed: published resources without what only curators see (review date, owner).
FEED_COLUMNS = [c for c in EXPORT_COLUMNS if c not in ("review_by", "owner")]


def feed_rows():
    """Published resources, one list of FEED_COLUMNS values each (the export's own rows)."""
    keep = [EXPORT_COLUMNS.index(column) for column in FEED_COLUMNS]
    for row in export_rows(Resource.objects.published()):
        yield [row[i] for i in keep]
