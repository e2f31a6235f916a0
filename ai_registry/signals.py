"""The typo correction's word list (hub.search) learns the words of approved use cases, which
every signed-in user may read; a draft's words stay out of it, so that no correction
("Showing results for ...") reveals what another agency is working on."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ai_registry.models import UseCase
from ai_registry.states import APPROVED_STATES
from hub import search


@receiver(post_save, sender=UseCase, dispatch_uid="ai_registry_use_case_words")
def use_case_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.state in APPROVED_STATES:
        search.add_words([instance.title, instance.purpose])
