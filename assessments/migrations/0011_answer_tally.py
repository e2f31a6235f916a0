"""assessments_answer_tally: submitted answers counted per agency, role and cell, a
materialized view the results and breakdowns read (a few thousand rows at 10,000
responses instead of 360,000 answers joined to their responses). The services that change
the results refresh it in their transaction (aggregation.results_changed).

With it the results no longer need answer.submitted, the copy of its response's status
kept by migration 0006's two triggers for the partial index answer_submitted_tally: the
column, its index and both triggers go. Reversing brings them back as 0006 left them
(triggers, then the copied status filled in again), then drops the view.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

SUBMITTED = import_module("assessments.migrations.0006_answer_submitted")

CREATE_VIEW = """
CREATE MATERIALIZED VIEW assessments_answer_tally AS
SELECT format('%s/%s/%s/%s/%s/%s/%s', r.survey_id, r.agency_id, r.role,
              a.question_id, a.item_id, a.option_id, a.rank) AS id,
       r.survey_id, r.agency_id, r.role, a.question_id, a.item_id, a.option_id, a.rank,
       count(*) AS n
  FROM assessments_answer a
  JOIN assessments_response r ON r.id = a.response_id
 WHERE r.status = 'submitted' AND (a.option_id IS NOT NULL OR a.rank IS NOT NULL)
 GROUP BY r.survey_id, r.agency_id, r.role, a.question_id, a.item_id, a.option_id, a.rank;

CREATE UNIQUE INDEX answer_tally_id ON assessments_answer_tally (id);
CREATE INDEX answer_tally_survey_question ON assessments_answer_tally (survey_id, question_id);
"""

DROP_VIEW = "DROP MATERIALIZED VIEW IF EXISTS assessments_answer_tally;"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tables_renamed"),
        ("assessments", "0010_agency_in_accounts"),
    ]

    operations = [
        migrations.RunSQL(CREATE_VIEW, DROP_VIEW),
        migrations.CreateModel(
            name="AnswerTally",
            fields=[
                ("id", models.TextField(primary_key=True, serialize=False)),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("leadership", "Agency leadership"),
                            ("data_officer", "Agency data officer"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField(null=True)),
                ("n", models.BigIntegerField(help_text="Submitted answers with these values.")),
                (
                    "agency",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="assessments.item",
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="assessments.option",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="assessments.question",
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="assessments.survey",
                    ),
                ),
            ],
            options={
                "db_table": "assessments_answer_tally",
                "managed": False,
            },
        ),
        migrations.RemoveIndex(model_name="answer", name="answer_submitted_tally"),
        migrations.RunSQL(SUBMITTED.REVERSE, SUBMITTED.FORWARD),
        migrations.RemoveField(model_name="answer", name="submitted"),
    ]
