"""Renew the sharing version on every saved or deleted row the sharing pages show.

The guidance home is cached for everyone, and the work queue and the register per user
(sharing/views.py). The services renew the version themselves; these receivers also catch
what is written around them: the admin's inlines, a model saved in the shell, and people's
changes, since what a user may see follows from their agency and roles and the pages show
agencies' codes. A change must never leave a page showing what its user may no longer see.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from config import cache_versions


def _changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_"):
        cache_versions.changed(cache_versions.SHARING)


GUIDANCE_TEXT = {
    "legalframework": ["name", "citation", "summary", "holders", "disclosure"],
    "datacategory": ["name", "description"],
    "agreementtype": ["name", "description"],
    "clause": ["title", "text", "required_by"],
}


def _guidance_words(sender, instance, raw=False, **kwargs):
    """A guidance row's words join the typo correction's word list (hub.search)."""
    from hub import search

    if not raw:
        search.add_words(getattr(instance, f) for f in GUIDANCE_TEXT[sender._meta.model_name])


def connect() -> None:
    """Called once the models are loaded (SharingConfig.ready)."""
    for name in GUIDANCE_TEXT:
        model = apps.get_model("sharing", name)
        post_save.connect(_guidance_words, sender=model, dispatch_uid=f"sharing_words_{name}")
    watched = [*apps.get_app_config("sharing").get_models(), apps.get_model("accounts", "User")]
    watched.append(apps.get_model("accounts", "Agency"))
    for model in watched:
        uid = f"sharing_version_{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_deleted")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}_{field.name}"
            )
