"""Keep each resource's stored search vector current when it or its tags change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from hub import search
from hub.catalog_models import Resource, TaggedResource


@receiver(post_save, sender=Resource, dispatch_uid="hub_resource_search")
def resource_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_search([instance.pk])


@receiver(m2m_changed, sender=TaggedResource, dispatch_uid="hub_resource_tags_search")
def tags_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Resource):
        search.refresh_search([instance.pk])
    elif pk_set:
        search.refresh_search(pk_set)


@receiver(post_save, sender=Tag, dispatch_uid="hub_tag_renamed_search")
def tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        search.refresh_search_for_tags([instance.pk])
    search.catalog_changed()


@receiver(post_delete, sender=Tag, dispatch_uid="hub_tag_deleted_counts")
def tag_deleted(sender, instance, **kwargs):
    search.catalog_changed()


@receiver(post_delete, sender=Resource, dispatch_uid="hub_resource_deleted_facets")
def resource_deleted(sender, instance, **kwargs):
    search.catalog_changed()
