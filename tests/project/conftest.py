import fcntl

import pytest

from tests.project.test_health_and_settings import PROD_ENV, run_python


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, worker_id):
    """Hashed, compressed static files, as in the Docker image, collected once for the whole
    run: collectstatic takes about 10 s, so the xdist workers share one folder (the first
    collects it under a lock; staticfiles.json, written last, says it is complete)."""
    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent  # the run's folder, shared
    static = root / "static-collected"
    with open(root / "static-collected.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (static / "staticfiles.json").exists():
            result = run_python(
                "import django; django.setup(); from django.core.management import call_command;"
                "call_command('collectstatic', interactive=False, verbosity=0)",
                {**PROD_ENV, "STATIC_ROOT": str(static)},
            )
            assert result.returncode == 0, result.stderr[-2000:]
    return static


@pytest.fixture(scope="session")
def prod_env(collected_static):
    """Production settings with hashed static files collected, as in the Docker image."""
    return {**PROD_ENV, "STATIC_ROOT": str(collected_static)}


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
