"""Writes on the catalog with their rules: slugs, publishing, archiving, merging tags."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from hub import search
from hub.catalog_models import RESERVED_SLUGS, Resource, Status, TaggedResource, Watch


def unique_slug(title: str, exclude_pk=None) -> str:
    base = (slugify(title)[:300] or "resource").strip("-")
    slug, n = base, 2
    taken = Resource.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
