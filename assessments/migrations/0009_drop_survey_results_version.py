"""Drop assessments_surveyresultsversion and the triggers of migrations 0007 and 0008 that
renewed it: the services that write the results now renew the survey results' cache version
(config.cache_versions) in their transaction.

Kept: the triggers of 0004 (an answer fits its question, a rule the database enforces) and
of 0006 (answer.submitted, the copy of its response's status the results index reads).
Reversing recreates the table and the triggers as 0007 and 0008 left them.
"""

from importlib import import_module

from django.db import migrations

# (table, events) of migration 0007's triggers; the survey row had no delete trigger of
# this kind (its deletion dropped the version row instead).
WATCHED = {
    "assessments_survey": ["insert", "update"],
    "assessments_section": ["insert", "update", "delete"],
    "assessments_question": ["insert", "update", "delete"],
    "assessments_scale": ["insert", "update", "delete"],
    "assessments_item": ["insert", "update", "delete"],
    "assessments_option": ["insert", "update", "delete"],
    "assessments_response": ["insert", "update", "delete"],
    "assessments_answer": ["insert", "update", "delete"],
}


def drop_sql() -> str:
    parts = [
        "DROP TRIGGER IF EXISTS assessments_survey_delete_drops_results_version "
        "ON assessments_survey;",
        "DROP FUNCTION IF EXISTS assessments_survey_drop_results_version();",
    ]
    for table, events in WATCHED.items():
        for event in events:
            parts.append(f"DROP TRIGGER IF EXISTS {table}_{event}_renews_results ON {table};")
        parts.append(f"DROP FUNCTION IF EXISTS {table}_renew_results();")
    parts += [
        "DROP FUNCTION IF EXISTS assessments_renew_structure_version(bigint[]);",
        "DROP FUNCTION IF EXISTS assessments_renew_results_version(bigint[]);",
    ]
    return "\n".join(parts)


def recreate_sql() -> str:
    """0007's triggers, then 0008's functions over them (run after the table is back)."""
    created = import_module("assessments.migrations.0007_survey_results_version")
    structure = import_module("assessments.migrations.0008_survey_structure_version")
    return created.forward_sql() + "\n" + structure.FORWARD


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_survey_structure_version"),
    ]

    operations = [
        migrations.RunSQL(drop_sql(), recreate_sql()),
        migrations.DeleteModel(name="SurveyResultsVersion"),
    ]
