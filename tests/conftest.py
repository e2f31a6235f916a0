import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests import factories

# Property tests explore new random examples on developers' machines; CI (CI=true) replays
# a fixed sequence so that a landing is judged on the same inputs every time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Django's advice for test suites: a fast hasher for the passwords tests set (every
    factory user, every sign-in attempt), instead of PBKDF2's million rounds, which cost
    about half a second each here. PBKDF2 stays second in the list so that passwords hashed
    by commands run in subprocesses (seed_demo) still verify."""
    from django.test import override_settings

    fast = override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    )
    fast.enable()
    yield
    fast.disable()


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and numbers are keyed by data that the tests' rollbacks undo: every test
    starts and ends with an empty cache, so nothing computed in one test answers another."""
    from django.core.cache import caches

    for alias in caches.settings:
        caches[alias].clear()
    yield
    for alias in caches.settings:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def staff_sessions_verified(request, monkeypatch):
    """Staff reach the admin only after the code step (accounts/second_factor.py). A test
    that signs a staff member in with `client.force_login` means a session that has passed
    it: the user gets a confirmed authenticator and the session is verified with it. Tests
    of the requirement itself opt out with `@pytest.mark.unverified_staff`."""
    if request.node.get_closest_marker("unverified_staff"):
        return
    from django.test import Client

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff:
            factories.verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture
def agency(db):
    return factories.AgencyFactory(code="DSS", name="Department of Social Services")


@pytest.fixture
def other_agency(db):
    return factories.AgencyFactory(code="DOL", name="Department of Labor")


# Named agencies for tests that need several (sharing, inventory, AI use cases): the codes
# match the reference data's, so a test reads like the situation it sets up.
@pytest.fixture
def dol(db):
    return factories.AgencyFactory(code="DOL", name="Department of Labor")


@pytest.fixture
def dss(db):
    return factories.AgencyFactory(code="DSS", name="Department of Social Services")


@pytest.fixture
def sde(db):
    return factories.AgencyFactory(code="SDE", name="State Department of Education")


@pytest.fixture
def dcf(db):
    return factories.AgencyFactory(code="DCF", name="Department of Children and Families")


@pytest.fixture
def leader(agency):
    return factories.leader(agency=agency)


@pytest.fixture
def officer(agency):
    return factories.data_officer(agency=agency)


@pytest.fixture
def reviewer(db):
    return factories.reviewer(agency=factories.AgencyFactory(code="OPM"))


@pytest.fixture
def curator(db):
    return factories.curator(agency=factories.AgencyFactory(code="OPM"))


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


class AppsAfterTheMove:
    """The project's apps for replaying landed data migrations, which name people's models
    by their old app (hub.Agency is accounts.Agency now)."""

    MOVED = {("hub", "agency"): "accounts", ("hub", "user"): "accounts"}

    def __init__(self, apps):
        self._apps = apps

    def get_model(self, app_label, model_name=None, require_ready=True):
        if model_name is None:
            app_label, model_name = app_label.split(".")
        app_label = self.MOVED.get((app_label, model_name.lower()), app_label)
        return self._apps.get_model(app_label, model_name, require_ready=require_ready)

    def __getattr__(self, name):
        return getattr(self._apps, name)


def reload_reference_data():
    """Re-run the data migrations of the project's apps, as after a fresh migrate.

    A transactional test (browser, concurrency) ends with a flush that empties what the
    data migrations loaded (agencies, role groups and their permissions, topic tags,
    guidance); the next transactional test gets it back from here.
    """
    from importlib import import_module

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    plan = [
        key
        for key in graph.forwards_plan(("sharing", graph.leaf_nodes("sharing")[0][1]))
        + graph.forwards_plan(("assessments", graph.leaf_nodes("assessments")[0][1]))
        + graph.forwards_plan(("hiring", graph.leaf_nodes("hiring")[0][1]))
        + graph.forwards_plan(("accounts", graph.leaf_nodes("accounts")[0][1]))
        + graph.forwards_plan(("ai_registry", graph.leaf_nodes("ai_registry")[0][1]))
        # accounts' own data migrations come after the move (0002 moves content types,
        # which a flush has already emptied)
        if key[0] in {"hub", "assessments", "sharing", "hiring", "ai_registry"}
        or (key[0] == "accounts" and key[1] >= "0003")
    ]
    seen = set()
    for app_label, name in plan:
        if (app_label, name) in seen:
            continue
        seen.add((app_label, name))
        migration = import_module(f"{app_label}.migrations.{name}").Migration
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(AppsAfterTheMove(apps), None)


def is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (marker is not None and bool(marker.kwargs.get("transaction"))) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def cache_versions_renewed_on_write(request, monkeypatch):
    """A test on the `db` fixture runs in one transaction that is rolled back, never
    committed, so the on-commit renewal of a cache version (config.cache_versions) would
    never run: there a write renews it at once, as its commit would. Transactional tests
    (browser, concurrency) commit, and keep the real on_commit."""
    if is_transactional(request):
        return
    from types import SimpleNamespace

    from config import cache_versions

    def at_once(func, using=None, robust=False):
        func()

    monkeypatch.setattr(cache_versions, "transaction", SimpleNamespace(on_commit=at_once))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrated, with a snapshot of its reference data
    (tests/reference_data.py) for the transactional tests to restore after their flushes."""
    from accounts.models import Agency
    from tests import reference_data

    with django_db_blocker.unblock():
        if not Agency.objects.exists():  # a reused database that a flush left empty
            reload_reference_data()
        reference_data.take_snapshot()


@pytest.fixture(autouse=True)
def reference_data_after_flush(request):
    if is_transactional(request):
        request.getfixturevalue("transactional_db")
        from accounts.models import Agency
        from tests import reference_data

        if not Agency.objects.exists():
            reference_data.restore_snapshot()
