"""factory-boy factories shared by every app's tests."""

import time
from base64 import b32encode

import django_otp
import factory
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def give_second_factor(user) -> TOTPDevice:
    """A confirmed authenticator app for the user (two-step verification on)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app")


def next_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or the next step's when the current
    one was used already (django-otp refuses a code twice; it tolerates one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t >= totp.t():
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def setup_key_of(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def unthrottle(user) -> None:
    """django-otp refuses every code for a second after a wrong one (longer after more): a
    test that follows a wrong code with a right one at once lifts that wait."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def verify_session(client, user) -> TOTPDevice:
    """Mark the client's session as past the code step with the user's authenticator, as
    `django_otp.login` does after a right code."""
    device = give_second_factor(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
