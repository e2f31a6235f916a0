"""assessments_surveyresultsversion.structure_version: renewed, with `version`, only when the
questionnaire itself changes (the survey row, its sections, questions, scales, items,
options), so the reported questions can be cached under it (assessments.results_cache) and
a submission, which renews `version` only, does not make every results page read the
structure again.

The six structure tables' trigger functions of migration 0007 are replaced by ones that
call the new renew function; the response and answer triggers are left as they were.
"""

from django.db import migrations, models

RENEW = """
CREATE FUNCTION assessments_renew_structure_version(survey_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    -- As assessments_renew_results_version (migration 0007), renewing both numbers.
    INSERT INTO assessments_surveyresultsversion AS v (survey_id, version, structure_version)
    SELECT s.id, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
           (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
      FROM assessments_survey s
     WHERE s.id = ANY(survey_ids)
     ORDER BY s.id
    ON CONFLICT (survey_id) DO UPDATE
       SET version = greatest(v.version + 1, EXCLUDED.version),
           structure_version = greatest(v.structure_version + 1, EXCLUDED.structure_version)
$$;
"""

# (table, join from a changed row r to its survey, the survey id): 0007's structure tables.
STRUCTURE = [
    ("assessments_survey", "", "r.id"),
    ("assessments_section", "", "r.survey_id"),
    ("assessments_question", "", "r.survey_id"),
    ("assessments_scale", "", "r.survey_id"),
    ("assessments_item", "JOIN assessments_question q ON q.id = r.question_id", "q.survey_id"),
    ("assessments_option", "JOIN assessments_scale s ON s.id = r.scale_id", "s.survey_id"),
]

# 0007's trigger function body (with every row counting), calling `renew`.
FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_renew_results() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT DISTINCT {survey} FROM new_rows r {join});
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT DISTINCT {survey} FROM old_rows r {join});
    ELSE  -- rows that changed, as they were and as they are
        ids := ARRAY(
            SELECT {survey} FROM (SELECT * FROM old_rows r
                                  EXCEPT SELECT * FROM new_rows) r {join}
            UNION
            SELECT {survey} FROM (SELECT * FROM new_rows r
                                  EXCEPT SELECT * FROM old_rows) r {join});
    END IF;
    IF cardinality(ids) > 0 THEN
        PERFORM {renew}(ids);
    END IF;
    RETURN NULL;
END;
$$;
"""


def functions(renew: str) -> str:
    return "\n".join(
        FUNCTION.format(table=table, join=join, survey=survey, renew=renew)
        for table, join, survey in STRUCTURE
    )


FORWARD = "\n".join(
    [
        RENEW,
        functions("assessments_renew_structure_version"),
        "UPDATE assessments_surveyresultsversion SET structure_version = version;",
    ]
)
REVERSE = "\n".join(
    [
        functions("assessments_renew_results_version"),
        "DROP FUNCTION IF EXISTS assessments_renew_structure_version(bigint[]);",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_survey_results_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyresultsversion",
            name="structure_version",
            field=models.BigIntegerField(db_default=0),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
