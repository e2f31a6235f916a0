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
