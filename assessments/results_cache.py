"""Statewide results kept in Django's cache (hub.versioned_cache) under the survey's
results version, and its reported questions under its structure version.

The version (SurveyResultsVersion, renewed by triggers in the same transaction as every
change the results depend on) is read with the survey itself (`selectors.get_survey`,
`Survey.objects.with_results_version()`), so a cached answer costs no query and a change
shows at once in every process: the key's name changes with the data, nothing is deleted.

Why a key never holds numbers older than its version, under READ COMMITTED: the version is
read first, then the results are computed by later statements, each of which sees at least
every commit the first one saw. A commit landing in between only makes the numbers stored
under the old version newer than it says; they are served only to requests that read the
old version before that commit, and are no older than what those would have computed. The
reverse, numbers older than the version they are stored under, cannot happen: data and
version commit together. A version renewed by a transaction that rolls back is never given
again (versions are the clock's microseconds, above the last), so what such a transaction
cached under it is never read.

What is cached holds the reported questions only (matrix, likert, ranking): never text
answers, and nothing that differs by role, so one entry serves every signed-in user.
"""

import dataclasses
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils.safestring import mark_safe

from assessments import aggregation
from assessments.models import SurveyResultsVersion
from hub import versioned_cache

# Renew when what is stored changes shape (SurveyResults fields, chart markup, JSON).
FORMAT = 2
# Entries of old versions are never read again; this bounds how long they take up room (and
# a survey that does not change is computed again once an hour, in about 30 ms).
TIMEOUT = 3600


def results_version(survey, field: str = "version") -> int:
    """The version read with the survey (selectors.get_survey), or else read now; `field`
    "structure_version" for the questionnaire's own."""
    version = getattr(survey, "results_version" if field == "version" else field, None)
    if version is None:
        found = SurveyResultsVersion.objects.filter(survey=survey).values_list(field)
        version = next(iter(found), (0,))[0]
    return version


def keys_for(survey, *what: str, field: str = "version") -> list[str]:
    """One key per kind of entry, all of one version. The database's name keeps two
    databases behind one Redis apart (their survey ids collide)."""
    database = connection.settings_dict["NAME"]
    version = results_version(survey, field)
    return [f"assessments:{w}:{FORMAT}:{database}:{survey.pk}:{version}" for w in what]


def reported_questions(survey) -> list:
    """aggregation.reported_questions(survey), read once per structure version: submissions
    renew the results version only, so the results computed after one read no structure."""
    [key] = keys_for(survey, "questions", field="structure_version")
    return versioned_cache.get_or_set(key, lambda: aggregation.reported_questions(survey), TIMEOUT)


def _with_survey(data, survey):
    """The cached numbers with the request's own Survey row (same version, so same data)."""
    return dataclasses.replace(data, survey=survey)


def _computed(survey, key):
    data = aggregation.results_for_survey(survey, reported_questions(survey))
    versioned_cache.set(key, data, TIMEOUT)
    return data


def survey_results(survey) -> aggregation.SurveyResults:
    """results_for_survey(survey), computed once per version."""
    [key] = keys_for(survey, "results")
    data = versioned_cache.get(key)
    if data is None:
        return _computed(survey, key)
    return _with_survey(data, survey)


def results_with_charts(survey, render_charts) -> tuple[aggregation.SurveyResults, str]:
    """The results and their charts' HTML (render_charts(results) -> str), one cache read."""
    results_key, charts_key = keys_for(survey, "results", "charts")
    found = versioned_cache.get_many([results_key, charts_key])
    data = found.get(results_key)
    data = _computed(survey, results_key) if data is None else _with_survey(data, survey)
    html = found.get(charts_key)
    if html is None:
        html = str(render_charts(data))
        versioned_cache.set(charts_key, html, TIMEOUT)
    return data, mark_safe(html)  # noqa: S308  # nosec B308 B703 (rendered by a template)


def results_json(survey) -> bytes:
    """results.json's body, encoded as JsonResponse would."""
    [key] = keys_for(survey, "json")
    body = versioned_cache.get(key)
    if body is None:
        data = survey_results(survey).as_json()
        body = json.dumps(data, cls=DjangoJSONEncoder).encode()
        versioned_cache.set(key, body, TIMEOUT)
    return body


def forget(survey) -> None:
    """Drop this version's entries: the next request computes again (the benchmark's cold
    runs). Not needed for correctness: a change of the data changes the keys."""
    versioned_cache.delete_many(keys_for(survey, "results", "charts", "json"))
