import pytest

from tests.project.test_health_and_settings import PROD_ENV, run_python


@pytest.fixture(scope="session")
def prod_env(tmp_path_factory):
    """Production settings with hashed static files collected, as in the Docker image."""
    env = {**PROD_ENV, "STATIC_ROOT": str(tmp_path_factory.mktemp("static"))}
    result = run_python(
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('collectstatic', interactive=False, verbosity=0)",
        env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return env


@pytest.fixture
def test_database_url(django_db_setup):
    """A URL to the test database, for a subprocess that must really write to it."""
    from urllib.parse import quote

    from django.db import connection

    s = connection.settings_dict
    host = s["HOST"] or ""
    auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    if host.startswith("/"):
        return f"postgresql://{auth}@/{s['NAME']}?host={quote(host)}"
    return f"postgresql://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"
