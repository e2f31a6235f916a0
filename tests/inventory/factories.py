"""Factories for inventory datasets (data categories come from sharing's data migration)."""

import datetime

import factory

from inventory import services
from inventory.models import Dataset, RequestedDataset
from sharing.models import DataCategory
from tests.factories import AgencyFactory


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    identifier = factory.Sequence(lambda n: f"DS-{n}")
    title = factory.Sequence(lambda n: f"Dataset {n}")
    description = "Quarterly wage records by employer."
    owner_name = "Dana Owner"
    owner_email = "dana.owner@example.ct.gov"
    classification = "public"
    update_frequency = "quarterly"
    last_reviewed = factory.LazyFunction(datetime.date.today)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(DataCategory.objects.filter(key__in=extracted))

    @factory.post_generation
    def keywords(self, create, extracted, **kwargs):
        self.keywords.set(extracted if extracted is not None else ["wages"])
        services.refresh_search([self.pk])


def name_in(dataset, sharing_request):
    return RequestedDataset.objects.create(dataset=dataset, request=sharing_request)
