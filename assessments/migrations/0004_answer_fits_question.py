"""An answer fits its question, enforced by PostgreSQL triggers (not only by forms/imports).

- its question belongs to the response's survey;
- its option is one of the question's scale (so only scaled questions take options);
- its item is one of the question's items, and matrix/ranking answers name an item;
- its value has the question's type: option (choice, likert, matrix), rank (ranking), text.

The referenced side is guarded too: a question's survey, kind or scale, a response's survey, an option's scale or an
item's question cannot change under existing answers. Violations raise SQLSTATE 23514
(check_violation), which Django reports as IntegrityError.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION assessments_answer_misfit(
    a_response bigint, a_question bigint, a_item bigint, a_option bigint, a_rank integer, a_text text
) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    q_kind varchar;
    q_scale bigint;
    q_survey bigint;
BEGIN
    SELECT kind, scale_id, survey_id INTO q_kind, q_scale, q_survey
      FROM assessments_question WHERE id = a_question;
    IF NOT FOUND THEN
        RETURN NULL;  -- the foreign key reports a missing question
    END IF;
    IF EXISTS (
        SELECT 1 FROM assessments_response WHERE id = a_response AND survey_id <> q_survey
    ) THEN
        RETURN format('question %s is not a question of the survey of response %s',
                      a_question, a_response);
    END IF;
    IF a_option IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM assessments_option WHERE id = a_option AND scale_id = q_scale
    ) THEN
        RETURN format('option %s is not on the scale of question %s', a_option, a_question);
    END IF;
    IF a_item IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM assessments_item WHERE id = a_item AND question_id = a_question
    ) THEN
        RETURN format('item %s is not an item of question %s', a_item, a_question);
    END IF;
    IF (a_item IS NOT NULL) <> (q_kind IN ('matrix', 'ranking')) THEN
        RETURN format('a %s question %s %s an item', q_kind, a_question,
                      CASE WHEN a_item IS NULL THEN 'needs' ELSE 'takes no' END);
    END IF;
    IF (q_kind IN ('single_choice', 'likert', 'matrix') AND a_option IS NULL)
       OR (q_kind = 'ranking' AND a_rank IS NULL)
       OR (q_kind = 'text' AND coalesce(a_text, '') = '') THEN
        RETURN format('the answer does not hold a %s value for question %s', q_kind, a_question);
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION assessments_answer_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    problem text;
BEGIN
    problem := assessments_answer_misfit(
        NEW.response_id, NEW.question_id, NEW.item_id, NEW.option_id, NEW.rank, NEW.text);
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'answer does not fit its question: %', problem
            USING ERRCODE = 'check_violation', CONSTRAINT = 'answer_fits_question';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER answer_fits_question
    BEFORE INSERT OR UPDATE OF response_id, question_id, item_id, option_id, rank, text
    ON assessments_answer FOR EACH ROW EXECUTE FUNCTION assessments_answer_check();

CREATE FUNCTION assessments_answer_parent_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    problem text;
BEGIN
    IF TG_TABLE_NAME = 'assessments_question' THEN
        SELECT assessments_answer_misfit(
               a.response_id, a.question_id, a.item_id, a.option_id, a.rank, a.text)
          INTO problem FROM assessments_answer a
         WHERE a.question_id = NEW.id
           AND assessments_answer_misfit(
               a.response_id, a.question_id, a.item_id, a.option_id, a.rank, a.text)
               IS NOT NULL
         LIMIT 1;
    ELSIF TG_TABLE_NAME = 'assessments_response' THEN
        SELECT assessments_answer_misfit(
               a.response_id, a.question_id, a.item_id, a.option_id, a.rank, a.text)
          INTO problem FROM assessments_answer a
         WHERE a.response_id = NEW.id
           AND assessments_answer_misfit(
               a.response_id, a.question_id, a.item_id, a.option_id, a.rank, a.text)
               IS NOT NULL
         LIMIT 1;
    ELSIF TG_TABLE_NAME = 'assessments_option' THEN
        SELECT format('option %s answers question %s, not on scale %s',
                      NEW.id, a.question_id, NEW.scale_id)
          INTO problem FROM assessments_answer a
          JOIN assessments_question q ON q.id = a.question_id
         WHERE a.option_id = NEW.id AND q.scale_id IS DISTINCT FROM NEW.scale_id
         LIMIT 1;
    ELSE
        SELECT format('item %s is answered for question %s', NEW.id, a.question_id)
          INTO problem FROM assessments_answer a
         WHERE a.item_id = NEW.id AND a.question_id <> NEW.question_id
         LIMIT 1;
    END IF;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'change would leave an answer that does not fit: %', problem
            USING ERRCODE = 'check_violation', CONSTRAINT = 'answer_fits_question';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER question_keeps_answers_fitting
    AFTER UPDATE OF survey_id, kind, scale_id ON assessments_question FOR EACH ROW
    WHEN (OLD.survey_id IS DISTINCT FROM NEW.survey_id OR OLD.kind IS DISTINCT FROM NEW.kind
          OR OLD.scale_id IS DISTINCT FROM NEW.scale_id)
    EXECUTE FUNCTION assessments_answer_parent_check();
CREATE TRIGGER response_keeps_answers_fitting
    AFTER UPDATE OF survey_id ON assessments_response FOR EACH ROW
    WHEN (OLD.survey_id IS DISTINCT FROM NEW.survey_id)
    EXECUTE FUNCTION assessments_answer_parent_check();
CREATE TRIGGER option_keeps_answers_fitting
    AFTER UPDATE OF scale_id ON assessments_option FOR EACH ROW
    WHEN (OLD.scale_id IS DISTINCT FROM NEW.scale_id)
    EXECUTE FUNCTION assessments_answer_parent_check();
CREATE TRIGGER item_keeps_answers_fitting
    AFTER UPDATE OF question_id ON assessments_item FOR EACH ROW
    WHEN (OLD.question_id IS DISTINCT FROM NEW.question_id)
    EXECUTE FUNCTION assessments_answer_parent_check();

-- Answers written before this migration must fit too, or the migration stops here.
DO $$
DECLARE
    problem text;
BEGIN
    SELECT assessments_answer_misfit(
               a.response_id, a.question_id, a.item_id, a.option_id, a.rank, a.text)
      INTO problem FROM assessments_answer a
     WHERE assessments_answer_misfit(
               a.response_id, a.question_id, a.item_id, a.option_id, a.rank, a.text)
           IS NOT NULL
     LIMIT 1;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'existing answer does not fit its question: %', problem
            USING ERRCODE = 'check_violation';
    END IF;
END;
$$;
"""

REVERSE = """
DROP TRIGGER IF EXISTS item_keeps_answers_fitting ON assessments_item;
DROP TRIGGER IF EXISTS option_keeps_answers_fitting ON assessments_option;
DROP TRIGGER IF EXISTS question_keeps_answers_fitting ON assessments_question;
DROP TRIGGER IF EXISTS response_keeps_answers_fitting ON assessments_response;
DROP FUNCTION IF EXISTS assessments_answer_parent_check();
DROP TRIGGER IF EXISTS answer_fits_question ON assessments_answer;
DROP FUNCTION IF EXISTS assessments_answer_check();
DROP FUNCTION IF EXISTS assessments_answer_misfit(bigint, bigint, bigint, bigint, integer, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_rank_once_per_question"),
    ]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
