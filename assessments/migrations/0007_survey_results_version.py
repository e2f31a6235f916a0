"""assessments_surveyresultsversion: a number per survey that the database renews, in the
same transaction, whenever something the survey's results depend on changes, so cached
results can be stored under it (assessments.results_cache) and never outlive their data.

Statement-level triggers with transition tables: a bulk import renews the version once per
statement, not once per row. What renews it: a response entering, leaving or changing while
submitted; an answer of a submitted response written or deleted (imports replace them); any
change to the survey row, its sections, questions, scales, options or items. Not draft
saves: their responses and answers are not submitted, so the load test's autosaves renew
nothing.
"""

import django.db.models.deletion
from django.db import migrations, models

RENEW = """
CREATE FUNCTION assessments_renew_results_version(survey_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    -- The clock in microseconds, and always above the survey's last version: a number is
    -- not given again after a rollback, nor after a backup from before it is restored.
    INSERT INTO assessments_surveyresultsversion AS v (survey_id, version)
    SELECT s.id, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
      FROM assessments_survey s
     WHERE s.id = ANY(survey_ids)
     ORDER BY s.id
    ON CONFLICT (survey_id) DO UPDATE SET version = greatest(v.version + 1, EXCLUDED.version)
$$;
"""

# (table, join from a changed row r to its survey, the survey id, whether r counts)
WATCHED = [
    ("assessments_survey", "", "r.id", "true"),
    ("assessments_section", "", "r.survey_id", "true"),
    ("assessments_question", "", "r.survey_id", "true"),
    ("assessments_scale", "", "r.survey_id", "true"),
    (
        "assessments_item",
        "JOIN assessments_question q ON q.id = r.question_id",
        "q.survey_id",
        "true",
    ),
    ("assessments_option", "JOIN assessments_scale s ON s.id = r.scale_id", "s.survey_id", "true"),
    ("assessments_response", "", "r.survey_id", "r.status = 'submitted'"),
    (
        "assessments_answer",
        "JOIN assessments_question q ON q.id = r.question_id",
        "q.survey_id",
        "r.submitted",
    ),
]

FUNCTION = """
CREATE FUNCTION {table}_renew_results() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT DISTINCT {survey} FROM new_rows r {join} WHERE {counts});
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT DISTINCT {survey} FROM old_rows r {join} WHERE {counts});
    ELSE  -- rows that changed, as they were and as they are
        ids := ARRAY(
            SELECT {survey} FROM (SELECT * FROM old_rows r WHERE {counts}
                                  EXCEPT SELECT * FROM new_rows) r {join}
            UNION
            SELECT {survey} FROM (SELECT * FROM new_rows r WHERE {counts}
                                  EXCEPT SELECT * FROM old_rows) r {join});
    END IF;
    IF cardinality(ids) > 0 THEN
        PERFORM assessments_renew_results_version(ids);
    END IF;
    RETURN NULL;
END;
$$;
"""

TRIGGER = """
CREATE TRIGGER {table}_{event}_renews_results AFTER {EVENT} ON {table}
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {table}_renew_results();
"""
TRANSITION_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}

# A deleted survey takes its version with it (after its children, whose deletion renewed it).
SURVEY_DELETED = """
CREATE FUNCTION assessments_survey_drop_results_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM assessments_surveyresultsversion WHERE survey_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END;
$$;

CREATE TRIGGER assessments_survey_delete_drops_results_version AFTER DELETE
    ON assessments_survey REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assessments_survey_drop_results_version();
"""


def forward_sql() -> str:
    parts = [RENEW]
    for table, join, survey, counts in WATCHED:
        parts.append(FUNCTION.format(table=table, join=join, survey=survey, counts=counts))
        events = ["insert", "update"] if table == "assessments_survey" else TRANSITION_TABLES
        for event in events:
            parts.append(
                TRIGGER.format(
                    table=table, event=event, EVENT=event.upper(), tables=TRANSITION_TABLES[event]
                )
            )
    parts.append(SURVEY_DELETED)
    parts.append(
        "SELECT assessments_renew_results_version(ARRAY(SELECT id FROM assessments_survey));"
    )
    return "\n".join(parts)


def reverse_sql() -> str:
    parts = [
        "DROP TRIGGER IF EXISTS assessments_survey_delete_drops_results_version "
        "ON assessments_survey;",
        "DROP FUNCTION IF EXISTS assessments_survey_drop_results_version();",
    ]
    for table, *_rest in WATCHED:
        for event in TRANSITION_TABLES:
            parts.append(f"DROP TRIGGER IF EXISTS {table}_{event}_renews_results ON {table};")
        parts.append(f"DROP FUNCTION IF EXISTS {table}_renew_results();")
    parts.append("DROP FUNCTION IF EXISTS assessments_renew_results_version(bigint[]);")
    return "\n".join(parts)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_answer_submitted"),
    ]

    operations = [
        migrations.CreateModel(
            name="SurveyResultsVersion",
            fields=[
                (
                    "survey",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="assessments.survey",
                    ),
                ),
                ("version", models.BigIntegerField()),
            ],
        ),
        migrations.RunSQL(forward_sql(), reverse_sql()),
    ]
