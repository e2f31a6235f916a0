# Production image: gunicorn serving Django, static files by WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app

# Pango for WeasyPrint (the leadership report's PDF).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
 && rm -rf /var/lib/apt/lists/*

# Runtime dependencies only, at the versions pinned in requirements.lock.
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock .

COPY . .
# collectstatic needs settings, not a database: give it throwaway values.
RUN DJANGO_SECRET_KEY=build-only DATABASE_URL=postgresql://build@localhost/build \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 --home /app hub \
 && mkdir -p /app/media && chown hub /app/media

USER hub
EXPOSE 8000
# On every start: migrate, then load whatever reference content is still missing (bootstrap:
# the 2024 questionnaire and baseline, the report's resources; curators' edits are kept).
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py bootstrap && exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
