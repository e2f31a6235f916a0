"""Factories for sharing requests (guidance rows come from the data migration)."""

import datetime

import factory

from sharing.models import (
    AttachmentKind,
    DataCategory,
    RequestAttachment,
    SharingRequest,
    State,
    TransitionLog,
)
from tests.factories import AgencyFactory, data_officer


class SharingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharingRequest
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Request {n}")
    requesting_agency = factory.SubFactory(AgencyFactory)
    providing_agency = factory.SubFactory(AgencyFactory)
    created_by = factory.LazyAttribute(lambda o: data_officer(agency=o.requesting_agency))
    purpose = "Evaluate the workforce program."
    legal_authority = "20 CFR 603.5(e)"
    data_elements = "person_id\nquarter\nwages"
    frequency = "quarterly"
    storage_security = "Encrypted state storage."
    retention_destruction = "Destroy after two years."
    term_months = 24

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        keys = extracted if extracted is not None else ["ui_wage_records"]
        self.categories.set(DataCategory.objects.filter(key__in=keys))


def executed(**kwargs):
    today = datetime.date.today()
    kwargs.setdefault("effective_date", today - datetime.timedelta(days=30))
    kwargs.setdefault("expiry_date", today + datetime.timedelta(days=335))
    return SharingRequestFactory(state=State.EXECUTED, **kwargs)


def signed_agreement(sr, user=None):
    """The signed agreement on file (a row only: the workflow checks that one exists)."""
    return RequestAttachment.objects.create(
        request=sr,
        uploaded_by=user or sr.created_by,
        file=f"sharing/requests/{sr.pk}/signed-agreement.pdf",
        name="signed-agreement.pdf",
        content_type="application/pdf",
        size=100,
        kind=AttachmentKind.SIGNED_AGREEMENT,
    )


def log(sr, actor, to_state, action="submit"):
    return TransitionLog.objects.create(
        request=sr, actor=actor, action=action, from_state=sr.state, to_state=to_state
    )


def destruction_certificate(sr, user=None, **kwargs):
    """The receiving agency's certificate on file (a row only: verification checks one)."""
    from sharing.models import DestructionCertificate, DestructionMethod

    kwargs.setdefault("destroyed_on", datetime.date.today())
    kwargs.setdefault("method", DestructionMethod.SECURE_DELETION)
    return DestructionCertificate.objects.create(
        request=sr,
        official_name="Pat Officer",
        official_title="Agency Data Officer",
        file=f"sharing/destruction/{sr.pk}.pdf",
        file_name="certificate.pdf",
        size=100,
        certified_by=user or sr.created_by,
        **kwargs,
    )
