"""Health check, production settings, security headers and the embedded database."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SECRET_KEY": "prod-" + "k3y-Th4t-Is-L0ng-And-R4ndom-Enough-For-Django-" * 2,
    "DJANGO_ALLOWED_HOSTS": "datahub.ct.gov",
    "DATABASE_URL": "postgresql://hub@127.0.0.1:1/hub",
    "SITE_URL": "https://datahub.ct.gov",  # required in production (sharing.E001)
    "EMAIL_HOST": "smtp.ct.gov",  # required in production (accounts.E001, E002)
    "DEFAULT_FROM_EMAIL": "State Data Hub <datahub@ct.gov>",
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_healthz_answers_200_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_is_down():
    # A real server process whose database address has nothing listening.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='datahub.ct.gov', secure=True);"
        "print(r.status_code, r.json()['database'])"
    )
    result = run_python(code, PROD_ENV)
    assert result.stdout.strip() == "503 down", result.stderr[-2000:]


def test_production_settings_pass_check_deploy():
    code = (
        "import sys, django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_python(code, PROD_ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no issues" in (result.stdout + result.stderr)


def test_production_refuses_to_start_without_the_email_settings():
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('check')"
    )
    for missing, error in [
        ("EMAIL_HOST", "accounts.E001"),
        ("DEFAULT_FROM_EMAIL", "accounts.E002"),
    ]:
        env = {k: v for k, v in PROD_ENV.items() if k != missing}
        result = run_python(code, env)
        assert result.returncode != 0, missing
        assert error in result.stderr and f"{missing} is not set" in result.stderr


def test_production_refuses_to_start_without_database_url():
    env = {k: v for k, v in PROD_ENV.items() if k != "DATABASE_URL"}
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_only_postgresql_is_accepted():
    result = run_python(
        "import django; django.setup()", {**PROD_ENV, "DATABASE_URL": "sqlite:///x"}
    )
    assert "PostgreSQL only" in result.stderr


@pytest.mark.django_db
def test_security_headers_and_csp_without_unsafe_inline(leader_client):
    response = leader_client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_embedded_postgresql_starts_with_pg_trgm():
    from config.devdb import embedded_database_url

    url = embedded_database_url()
    assert "host=" in url
    with psycopg.connect(url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        trgm = conn.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
        ).fetchone()
    assert int(version) >= 150000
    assert trgm == (1,)


def test_every_declared_dependency_is_pinned_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    for requirement in declared:
        name = requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()
        assert name.lower().replace("_", "-") in pinned, f"{name} is not pinned"


def test_production_sends_every_security_header(prod_env, test_database_url):
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='datahub.ct.gov');"
        "insecure = c.get('/accounts/login/');"
        "print(insecure.status_code, insecure['Location']);"
        "r = c.get('/accounts/login/', secure=True);"
        "import json; print(json.dumps({k: v for k, v in r.headers.items()}));"
        "print(json.dumps({k: dict(m) for k, m in r.cookies.items()}))"
    )
    result = run_python(code, {**prod_env, "DATABASE_URL": test_database_url})
    redirect, headers, cookies = result.stdout.strip().split("\n")[-3:]
    assert redirect == "301 https://datahub.ct.gov/accounts/login/", result.stderr[-2000:]
    headers = json.loads(headers)
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    cookies = json.loads(cookies)
    assert cookies["csrftoken"]["secure"] is True
    assert cookies["csrftoken"]["samesite"] == "Lax"


def test_production_static_files_are_hashed_and_compressed(prod_env):
    static = Path(prod_env["STATIC_ROOT"])
    manifest = json.loads((static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/bootstrap-5.3.9/css/bootstrap.min.css"]
    assert hashed != "vendor/bootstrap-5.3.9/css/bootstrap.min.css"
    assert (static / (hashed + ".gz")).exists()


def test_no_secret_is_committed():
    """Settings read secrets from the environment; the repository holds none."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [name for name in tracked if name.endswith((".env", ".pem", ".key", ".dump"))]
    settings_text = (ROOT / "config" / "settings.py").read_text()
    assert 'os.environ.get("DJANGO_SECRET_KEY", "")' in settings_text


def test_redis_url_gives_a_shared_cache_and_cached_sessions():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION', ''),"
        "s.SESSION_ENGINE]))"
    )
    with_redis = run_python(code, {**PROD_ENV, "REDIS_URL": "redis://cache:6379/0"})
    assert with_redis.returncode == 0, with_redis.stderr[-2000:]
    assert json.loads(with_redis.stdout) == [
        "config.cache_backend.ResilientRedisCache",
        "redis://cache:6379/0",
        "django.contrib.sessions.backends.cached_db",
    ]
    without = run_python(code, PROD_ENV)
    assert without.returncode == 0, without.stderr[-2000:]
    assert json.loads(without.stdout) == [
        "django.core.cache.backends.locmem.LocMemCache",
        "",
        "django.contrib.sessions.backends.db",
    ]
