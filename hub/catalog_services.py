"""Writes on the catalog with their rules: slugs, publishing, archiving, merging tags."""

from django.db import transaction
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from config import cache_versions
from hub import search
from hub.catalog_models import RESERVED_SLUGS, Resource, Status, TaggedResource, Watch


def unique_slug(title: str, exclude_pk=None) -> str:
    base = (slugify(title)[:300] or "resource").strip("-")
    slug, n = base, 2
    taken = Resource.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slugs(titles: list[str]) -> list[str]:
    """`unique_slug` for many new resources at once: one query, and unique among themselves."""
    bases = [(slugify(title)[:300] or "resource").strip("-") for title in titles]
    taken = _slugs_taken(Resource.objects.all(), set(bases), "-")
    taken.update(RESERVED_SLUGS)
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def tags_by_name(names) -> dict[str, int]:
    """The ids of the tags with these exact names (as taggit matches them), creating the
    missing ones in one insert, with slugs made unique as taggit's own `Tag.save` does."""
    names = list(dict.fromkeys(names))
    ids = dict(Tag.objects.filter(name__in=names).values_list("name", "id"))
    missing = [Tag(name=name) for name in names if name not in ids]
    if missing:
        bases = [tag.slugify(tag.name) for tag in missing]
        taken = _slugs_taken(Tag.objects.all(), set(bases), "_")
        for tag, base in zip(missing, bases, strict=True):
            slug, n = base, 1
            while slug in taken:
                slug, n = tag.slugify(tag.name, n), n + 1
            taken.add(slug)
            tag.slug = slug
        Tag.objects.bulk_create(missing, batch_size=1000)
        ids.update((tag.name, tag.pk) for tag in missing)
    return ids


def _slugs_taken(queryset, bases: set[str], separator: str) -> set[str]:
    """The slugs that are one of `bases`, or one of them with a numbered suffix."""
    if not bases:
        return set()
    stem = Func(F("slug"), Value(f"{separator}[0-9]+$"), Value(""), function="regexp_replace")
    return set(
        queryset.annotate(stem=stem)
        .filter(Q(slug__in=bases) | Q(stem__in=bases))
        .values_list("slug", flat=True)
    )


def set_status(resource: Resource, status: str, user=None) -> bool:
    """Move a resource to a status; publishing stamps the date digests look at."""
    if resource.status == status:
        return False
    resource.status = status
    if status == Status.PUBLISHED:
        resource.published_at = timezone.now()
    resource.updated_by = user
    resource._change_reason = f"status set to {status}"
    resource.save()
    return True


def bulk_set_status(resources, status: str, user=None) -> int:
    """Publish or archive many, one saved row each so history records every change."""
    changed = 0
    with transaction.atomic():
        for resource in resources.select_for_update(of=("self",)):
            changed += set_status(resource, status, user)
    return changed


class TagGone(Exception):
    """The tag to merge into no longer exists (another curator merged it first)."""


def merge_tags(sources, target: Tag) -> int:
    """Re-point every link (resources, other tagged items, watches) to `target`, then delete
    the source tags. Links a resource already has to the target are dropped, not doubled.
    Returns the number of links moved."""
    source_ids = [t.pk for t in sources if t.pk != target.pk]
    if not source_ids:
        return 0
    with transaction.atomic():
        # Lock every tag involved, in id order (no deadlock between two merges); a merge that
        # ran meanwhile may have removed some: merge what is left, or refuse without a target.
        alive = set(
            Tag.objects.select_for_update()
            .filter(pk__in=[*source_ids, target.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if target.pk not in alive:
            raise TagGone(f"The tag “{target.name}” was merged or deleted meanwhile.")
        source_ids = [pk for pk in source_ids if pk in alive]
        affected = set(
            TaggedResource.objects.filter(tag_id__in=source_ids).values_list(
                "content_object_id", flat=True
            )
        )
        already = TaggedResource.objects.filter(tag=target).values("content_object_id")
        TaggedResource.objects.filter(tag_id__in=source_ids, content_object_id__in=already).delete()
        moved = 0
        for source_id in source_ids:  # one source at a time: two sources may share a resource
            moved += (
                TaggedResource.objects.filter(tag_id=source_id)
                .exclude(
                    content_object_id__in=TaggedResource.objects.filter(tag=target).values(
                        "content_object_id"
                    )
                )
                .update(tag=target)
            )
            TaggedResource.objects.filter(tag_id=source_id).delete()
            generic_taken = TaggedItem.objects.filter(tag=target)
            for item in TaggedItem.objects.filter(tag_id=source_id):
                if generic_taken.filter(
                    content_type_id=item.content_type_id, object_id=item.object_id
                ).exists():
                    item.delete()
                else:
                    item.tag = target
                    item.save(update_fields=["tag"])
            watched = Watch.objects.filter(tag=target).values("user_id")
            Watch.objects.filter(tag_id=source_id, user_id__in=watched).delete()
            Watch.objects.filter(tag_id=source_id).update(tag=target)
        Tag.objects.filter(pk__in=source_ids).delete()
        search.refresh_search(affected)
        cache_versions.changed(cache_versions.CATALOG)
    return moved


def rename_tag(tag: Tag, new_name: str) -> Tag:
    """Rename in place (every link follows, since links point at the tag's id)."""
    new_name = new_name.strip().lower()
    existing = Tag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
    if existing:
        merge_tags([tag], existing)
        return existing
    tag.name = new_name
    tag.slug = slugify(new_name)
    tag.save()  # the post_save signal refreshes the search vectors
    return tag
