"""factory-boy factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Agency, User

PASSWORD = "correct-horse-battery-9"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda o: f"Agency {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ct.gov")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role=roles.DATA_OFFICERS)` puts the user in that group."""
        if extracted:
            group, _ = Group.objects.get_or_create(name=extracted)
            self.groups.add(group)
            if extracted in roles.STAFF_ROLES and not self.is_staff:
                self.is_staff = True
                self.save(update_fields=["is_staff"])


def leader(**kwargs):
    return UserFactory(role=roles.AGENCY_LEADERS, **kwargs)


def data_officer(**kwargs):
    return UserFactory(role=roles.DATA_OFFICERS, **kwargs)


def reviewer(**kwargs):
    return UserFactory(role=roles.SHARING_REVIEWERS, **kwargs)


def curator(**kwargs):
    return UserFactory(role=roles.HUB_CURATORS, **kwargs)
