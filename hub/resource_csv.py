"""CSV import and export of the catalog, shared by `import_resources` and the admin.

Import is idempotent on url (a known url updates that resource) and all-or-nothing: every
row is checked first and one bad row rejects the file with line numbers. Export neutralises
cells a spreadsheet would run as a formula.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import update_change_reason

from hub.catalog_models import Audience, Resource, ResourceType, Status
from hub.catalog_services import unique_slug
from hub.csv_import import ErrorList, ImportRejected, read_rows
from hub.models import Agency

IMPORT_COLUMNS = ["title", "url", "resource_type", "tags", "provider"]
OPTIONAL_COLUMNS = ["audience", "description", "status"]
EXPORT_COLUMNS = [
    "title", "url", "resource_type", "tags", "provider", "audience", "description", "status",
    "cost", "review_by", "owner", "link_status", "link_checked_at", "updated_at",
]  # fmt: skip
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def import_resources(source, user=None) -> ImportSummary:
    agencies = {a.code.upper(): a for a in Agency.objects.all()}
    check_url = URLValidator(schemes=["http", "https"])
    errors = ErrorList()
    planned = []
    seen: dict[str, int] = {}
    for line, row in read_rows(source, IMPORT_COLUMNS):
        title, url = row["title"], row["url"]
        if not title:
            errors.add(line, "title is required")
        elif len(title) > 300:
            errors.add(line, "title is longer than 300 characters")
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
            return _write_all(planned, user)
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


def _write_all(planned, user) -> ImportSummary:
    summary = ImportSummary()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        urls = [p[0] for p in planned]
        existing = {r.url: r for r in Resource.objects.filter(url__in=urls)}
        for url, fields, tags in planned:
            _write_row(existing.get(url), url, fields, tags, user, summary)
    return summary


def _write_row(resource, url, fields, tags, user, summary) -> None:
    created = resource is None
    if created:
        resource = Resource(url=url, created_by=user)
    changed = created or any(getattr(resource, name) != value for name, value in fields.items())
    if changed:
        for name, value in fields.items():
            setattr(resource, name, value)
        if resource.status == Status.PUBLISHED and not resource.published_at:
            resource.published_at = timezone.now()
        if created:
            resource.slug = unique_slug(resource.title)
        resource.updated_by = user
        resource._change_reason = "CSV import"
        resource.save()
    current = set() if created else set(resource.tags.names())
    if current != set(tags):
        resource.tags.set(tags)
        if not changed:  # a change of tags alone still leaves an entry in the history
            resource.updated_by = user
            resource.save()
        update_change_reason(resource, "CSV import; tags: " + (", ".join(sorted(tags)) or "none"))
        changed = True
    if created:
        summary.created += 1
    elif changed:
        summary.updated += 1
    else:
        summary.unchanged += 1


def neutralise(value) -> str:
    """A cell that starts like a formula is prefixed with a quote, so it stays text.

    Leading spaces and line breaks are looked through: some spreadsheets trim them on import.
    """
    text = "" if value is None else str(value)
    looks_like_formula = text.startswith(FORMULA_PREFIXES) or text.lstrip(" \n\r\t").startswith(
        FORMULA_PREFIXES
    )
    return "'" + text if looks_like_formula else text


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
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
