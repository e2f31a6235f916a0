"""Keep each resource's stored search vector current when it or its tags change, and renew the
catalog's cache version on every save or delete of a resource, a tag, an agency, a synonym
or a suggestion.

The model signals are the one place that sees every such write: the admin's forms, tag
edits, `catalog_services.set_status` and the tests' factories all save models. Writes that
bypass the signals (bulk imports, tag merges, recounts, the scale seeder) call
`cache_versions.changed` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from accounts.models import Agency
from config import cache_versions
from hub import search
from hub.catalog_models import Resource, TaggedResource
from hub.search_models import ResourceSuggestion, SearchSynonym


def catalog_changed() -> None:
    cache_versions.changed(cache_versions.CATALOG)


@receiver(post_save, sender=Resource, dispatch_uid="hub_resource_search")
def resource_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh_search([instance.pk])
    catalog_changed()


@receiver(m2m_changed, sender=TaggedResource, dispatch_uid="hub_resource_tags_search")
def tags_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Resource):
        search.refresh_search([instance.pk])
    elif pk_set:
        search.refresh_search(pk_set)
    catalog_changed()


@receiver(post_save, sender=Tag, dispatch_uid="hub_tag_renamed_search")
def tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        search.refresh_search_for_tags([instance.pk])
    catalog_changed()


@receiver(post_delete, sender=Tag, dispatch_uid="hub_tag_deleted_counts")
def tag_deleted(sender, instance, **kwargs):
    catalog_changed()


@receiver(post_delete, sender=Resource, dispatch_uid="hub_resource_deleted_facets")
def resource_deleted(sender, instance, **kwargs):
    catalog_changed()


@receiver(post_save, sender=Agency, dispatch_uid="accounts_agency_renamed_catalog")
def agency_saved(sender, instance, created=False, **kwargs):
    """A provider's name shows in the facets and result lines."""
    if not created:
        catalog_changed()


@receiver(post_save, sender=SearchSynonym, dispatch_uid="hub_synonym_saved")
@receiver(post_delete, sender=SearchSynonym, dispatch_uid="hub_synonym_deleted")
def synonym_changed(sender, instance, **kwargs):
    """Synonyms widen every search: the cached synonyms and catalog listings are renewed."""
    catalog_changed()


@receiver(post_save, sender=ResourceSuggestion, dispatch_uid="hub_suggestion_saved")
@receiver(post_delete, sender=ResourceSuggestion, dispatch_uid="hub_suggestion_deleted")
def suggestion_changed(sender, instance, **kwargs):
    """Open suggestions are counted on the curators' home, kept under the catalog version."""
    catalog_changed()
