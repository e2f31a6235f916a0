"""Factories for the resource catalog."""

import factory
from django.utils import timezone

from hub.catalog_models import Resource, Status
from tests.factories import AgencyFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource number {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    url = factory.Sequence(lambda n: f"https://example.ct.gov/resources/{n}")
    description = "A resource for state staff."
    resource_type = "guidance"
    provider = factory.SubFactory(AgencyFactory, code="OPM", name="Office of Policy and Management")
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(list(extracted))


def draft(**kwargs):
    return ResourceFactory(status=Status.DRAFT, published_at=None, **kwargs)
