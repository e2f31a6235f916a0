"""answer.submitted: a copy of its response's status, kept by triggers in the same
transaction as every insert of an answer and every status change of a response (submit,
reopen, import, admin, raw SQL alike), so the results count submitted answers from one
partial covering index (answer_submitted_tally) without joining 360,000 answers to their
responses.
"""

from django.db import migrations, models

FORWARD = """
CREATE FUNCTION assessments_answer_copy_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.submitted := coalesce(
        (SELECT status = 'submitted' FROM assessments_response WHERE id = NEW.response_id),
        false);
    RETURN NEW;
END;
$$;

CREATE TRIGGER answer_copies_response_status
    BEFORE INSERT OR UPDATE ON assessments_answer
    FOR EACH ROW EXECUTE FUNCTION assessments_answer_copy_status();

CREATE FUNCTION assessments_response_status_to_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assessments_answer SET submitted = (NEW.status = 'submitted')
     WHERE response_id = NEW.id AND submitted IS DISTINCT FROM (NEW.status = 'submitted');
    RETURN NULL;
END;
$$;

CREATE TRIGGER response_status_to_answers
    AFTER UPDATE OF status ON assessments_response FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION assessments_response_status_to_answers();

UPDATE assessments_answer a SET submitted = true
  FROM assessments_response r
 WHERE r.id = a.response_id AND r.status = 'submitted';
"""

REVERSE = """
DROP TRIGGER IF EXISTS response_status_to_answers ON assessments_response;
DROP FUNCTION IF EXISTS assessments_response_status_to_answers();
DROP TRIGGER IF EXISTS answer_copies_response_status ON assessments_answer;
DROP FUNCTION IF EXISTS assessments_answer_copy_status();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_grant_curator_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="submitted",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Copy of the response's status, kept by the database (migration 0006) so the results count submitted answers from one index, without joining responses.",
            ),
        ),
        migrations.RunSQL(FORWARD, REVERSE),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=models.Q(("submitted", True)),
                fields=["question", "item", "option", "rank"],
                name="answer_submitted_tally",
            ),
        ),
    ]
