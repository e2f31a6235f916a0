"""Hostile input on every assessments form, import and file: a clear refusal, or stored and
shown escaped; never a server error, never a half-written import or survey.

Hypothesis runs many examples inside one pytest test, so function-scoped fixtures (the
database, a signed-in client) are shared by the examples; its health check warns about
that. It is safe here because every example runs in `fresh_example()`, a savepoint rolled
back at its end, so no example sees another's writes.
"""

import contextlib
import csv
import io
import re
from html.parser import HTMLParser

import pytest
import yaml
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.forms import field_name
from assessments.importing import MAX_IMPORT_BYTES, import_responses
from assessments.loader import SurveyFileError, load_spec, parse, read_file
from assessments.models import Answer, Item, Option, Question, Response, Survey
from assessments.text_rules import text_problem
from config.csv_import import ImportRejected
from tests import factories
from tests.assessments.factories import MINI_YAML, add_response

pytestmark = pytest.mark.django_db

HOSTILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE assessments_answer; --",
    "1' OR '1'='1",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "{{ 7|add:7 }}{% debug %}",
    "%s%s%n",
    "\u202egnp.exe",
    "👩‍💻 données ünïcödé 漢字",
    "\x00",
    "\x1b[31mred",
    "a\x7fb",
    "line\r\nbreak",
    "\n=1+1",
    "＝1+1",
]
hostile_text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(PAYLOADS),
    st.lists(st.sampled_from(PAYLOADS) | st.text(max_size=10), min_size=1, max_size=4).map("".join),
    st.integers(4990, 6000).map(lambda n: ("é<b>" * n)[:n]),
)


@contextlib.contextmanager
def fresh_example():
    """Roll back whatever the example wrote, so examples stay independent."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Survey, Question, Item, Option, Response, Answer)
    }


class MarkupFinder(HTMLParser):
    """Notes whether a text, put in a page raw, would be read as markup."""

    found = False

    def _markup(self, *args):
        self.found = True

    handle_starttag = handle_startendtag = handle_endtag = handle_comment = _markup
    handle_decl = handle_pi = handle_entityref = handle_charref = unknown_decl = _markup


def makes_markup(text: str) -> bool:
    finder = MarkupFinder(convert_charrefs=False)
    finder.feed(text)
    finder.close()
    return finder.found


# Shorter texts that escaping changes but that make no markup ("<", '">') occur in every
# page's own markup; longer ones (a quote that would end an attribute, and more) do not.
BY_CHANCE = 6


def test_markup_is_told_from_text_that_only_escaping_changes():
    assert makes_markup(SCRIPT) and makes_markup('"><img src=x onerror=alert(1)>')
    assert makes_markup("&amp;") and makes_markup("é<b>")
    assert not any(makes_markup(t) for t in ["<", "a > b", "</", "<d", "a & b", "1' OR"])
    shown_escaped("<", "<!doctype html><p>&lt;</p>")  # the page's own "<" is not the text
    with pytest.raises(AssertionError):
        shown_escaped("<b>x</b>", "<p><b>x</b></p>")
    with pytest.raises(AssertionError):
        shown_escaped('" onmouseover="alert(1)', '<p title="" onmouseover="alert(1)">')


def shown_escaped(text: str, html: str) -> None:
    """The text never reaches the page raw when escaping would change it: looked for when
    it would be read as markup (a tag, a comment, an entity) or cannot be there by chance."""
    if escape(text) != text and (makes_markup(text) or len(text) >= BY_CHANCE):
        assert text not in html


@pytest.fixture
def leader(agencies):
    return factories.leader(agency=agencies["DSS"])


@pytest.fixture
def curator_client(client, agencies):
    client.force_login(factories.curator(agency=agencies["DOT"]))
    return client


# The section form (through the real view) --------------------------------------------------


@HOSTILE
@given(text=hostile_text, autosave=st.booleans())
def test_a_text_answer_is_refused_clearly_or_stored_and_shown_escaped(
    survey, leader, leader_client, text, autosave
):
    question = Question.objects.get(survey=survey, key="success")
    name = field_name(question)
    headers = {"HTTP_X_AUTOSAVE": "1"} if autosave else {}
    with fresh_example():
        page = leader_client.post(
            url("respond_section", survey.key, "priorities"),
            {name: text, "action": "save"},
            **headers,
        )
        stored = Answer.objects.filter(question=question, response__respondent=leader)
        wanted = text.strip()
        refusable = text_problem(wanted, 5000) is not None
        if autosave:
            assert page.status_code == (400 if refusable else 204)
        elif refusable:
            assert page.status_code == 200
            assert page.context["form"].errors[name]
            assert b'class="invalid-feedback' in page.content or b"errorlist" in page.content
        else:
            assert page.status_code == 302
        if refusable:
            assert not stored.exists()
            return
        assert [a.text for a in stored] == ([wanted] if wanted else [])
        for view in ("review",):
            html = leader_client.get(url(view, survey.key)).content.decode()
            if wanted:
                assert escape(wanted) in html
            shown_escaped(wanted, html)


@HOSTILE
@given(choice=hostile_text, cell=hostile_text, rank=hostile_text)
def test_choice_and_rank_fields_take_only_their_own_values(
    survey, leader, leader_client, choice, cell, rank
):
    q = {x.key: x for x in Question.objects.filter(survey=survey)}
    budget = Item.objects.get(question=q["challenges"], key="budget")
    training = Item.objects.get(question=q["activities"], key="training")
    with fresh_example():
        given = Answer.objects.filter(response__respondent=leader, question__profile_field="")
        before = given.count()
        page = leader_client.post(
            url("respond_section", survey.key, "challenges"),
            {
                field_name(q["effectiveness"]): choice,
                field_name(q["challenges"], budget): cell,
                "action": "save",
            },
        )
        assert page.status_code in (200, 302)
        if page.status_code == 200:
            assert page.context["form"].errors
            assert given.count() == before
        ranked = leader_client.post(
            url("respond_section", survey.key, "priorities"),
            {field_name(q["activities"], training): rank, "action": "save"},
        )
        assert ranked.status_code in (200, 302)
        stored = Answer.objects.filter(response__respondent=leader, question=q["activities"])
        if ranked.status_code == 302:
            assert [a.rank for a in stored] in ([], [1])
        else:
            assert ranked.context["form"].errors
            assert not stored.exists()


@HOSTILE
@given(params=st.dictionaries(st.sampled_from(["by", "with", "q", "page", "x"]), hostile_text))
def test_result_pages_take_any_query_string(survey, dataset, leader_client, params):
    params = {k: v.replace("\x00", "") for k, v in params.items()}  # not sendable in a URL
    for name in ("results", "results_json", "results_csv", "breakdown", "compare", "report"):
        page = leader_client.get(url(name, survey.key), params)
        assert page.status_code == 200, name
        if name in ("results", "breakdown", "compare"):
            for value in params.values():
                shown_escaped(value, page.content.decode())


@HOSTILE
@given(codes=st.lists(hostile_text, max_size=3))
def test_reminders_take_any_agency_codes(survey, agencies, curator_client, codes):
    page = curator_client.post(url("remind", survey.key), {"agency": codes})
    assert page.status_code == 302


# The questionnaire file (load_survey) ------------------------------------------------------

yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.dates()
    | hostile_text,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3)
    ),
    max_leaves=8,
)


def mutate(data, draw):
    """Replace one node (anywhere in the spec) by an arbitrary YAML value."""
    node = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            return
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            node = child
            continue
        node[key] = draw(yaml_values)
        return


@HOSTILE
@given(data=st.data())
def test_a_mangled_survey_file_is_refused_clearly_or_loaded_whole(survey, data):
    spec = yaml.safe_load(MINI_YAML.format(key="mini-2024", cycle="2024"))
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(spec, data.draw)
    text = yaml.safe_dump(spec, allow_unicode=data.draw(st.booleans()))
    with fresh_example():
        before = counts()
        try:
            load_spec(parse(text))
        except SurveyFileError as exc:
            assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
            assert counts() == before
        else:
            assert Survey.objects.filter(key__in=[spec.get("key"), "mini-2024"]).exists()


@HOSTILE
@given(text=st.text(max_size=500) | st.sampled_from(PAYLOADS))
def test_any_text_as_a_survey_file_is_refused_clearly(survey, text):
    before = counts()
    with pytest.raises(SurveyFileError) as refused:
        load_spec(parse(text))
    assert refused.value.errors
    assert counts() == before


@HOSTILE
@given(
    title=hostile_text,
    question=hostile_text,
    item=hostile_text,
    label=hostile_text,
    choice=hostile_text,
)
def test_survey_texts_are_refused_clearly_or_shown_escaped(
    agencies, leader_client, title, question, item, label, choice
):
    spec = yaml.safe_load(MINI_YAML.format(key="hostile", cycle="2024"))
    spec["title"] = title
    spec["scales"]["agreement"]["options"][1]["label"] = label
    challenges = spec["sections"][1]["questions"][0]
    challenges["text"] = question
    challenges["items"][0]["text"] = item
    spec["sections"][0]["questions"][0]["choices"].append(choice)
    with fresh_example():
        before = counts()
        try:
            survey = load_spec(parse(yaml.safe_dump(spec))).survey
        except SurveyFileError as exc:
            assert exc.errors
            assert counts() == before
            return
        texts = [title.strip(), question.strip(), item.strip(), label.strip()]
        pages = [
            url("index"),
            url("respond_section", survey.key, "challenges"),
            url("respond_section", survey.key, "respondent"),
            url("results", survey.key),
            url("report", survey.key),
        ]
        for path in pages:
            page = leader_client.get(path)
            assert page.status_code == 200, path
            html = page.content.decode()
            for text in texts:
                shown_escaped(text, html)
        assert escape(title.strip()) in leader_client.get(url("index")).content.decode()


def test_huge_nested_or_aliased_survey_files_are_refused(tmp_path, survey):
    before = counts()
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    cases = {
        "aliases": bomb,
        "nested": "[" * 20000 + "]" * 20000,
        "huge": "key: big\ntitle: " + "x" * (1024 * 1024 + 10),
    }
    for name, text in cases.items():
        with pytest.raises(SurveyFileError) as refused:
            parse(text)
        assert refused.value.errors, name
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024))
    with pytest.raises(SurveyFileError, match="larger than"):
        read_file(path)
    path.write_bytes(b"key: \xff\xfe bad\n")
    with pytest.raises(SurveyFileError, match="not UTF-8"):
        read_file(path)
    assert counts() == before


# Importing responses ---------------------------------------------------------------------

HEADER = ["respondent", "agency", "role", "effectiveness", "challenges.budget"]
HEADER += ["activities.training", "success"]
GOOD_ROW = ["r-{n}", "DSS", "leadership", "agree", "neutral", "1", "ok"]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@HOSTILE
@given(cells=st.lists(hostile_text, min_size=len(HEADER), max_size=len(HEADER)))
def test_an_imported_row_is_refused_by_line_or_stored_as_given(survey, agencies, cells):
    with fresh_example():
        before = counts()
        try:
            import_responses(survey, io.BytesIO(csv_bytes([cells])))
        except ImportRejected as exc:
            assert exc.errors
            # quoted line breaks in a cell move the (physical) line number on
            assert all(re.match(r"line \d+|not a readable", e) for e in exc.errors)
            assert all(len(e) < 400 for e in exc.errors)  # values are quoted back shortened
            assert counts() == before
            return
        response = Response.objects.get(survey=survey, external_ref=cells[0].strip())
        text = Answer.objects.filter(response=response, question__key="success")
        assert [a.text for a in text] == ([cells[6].strip()] if cells[6].strip() else [])


BAD_CELLS = {
    "respondent": ["", "x" * 201, "ref\x00", "a\x1bb"],
    "agency": ["NOPE", SCRIPT, "'; DROP TABLE accounts_agency; --"],
    "role": ["", "king", SCRIPT],
    "effectiveness": ["maybe", SCRIPT, "1 OR 1=1"],
    "challenges.budget": ["<b>", "\x00"],
    "activities.training": ["0", "4", "one", "9" * 5000, "1.5"],
    "success": ["x" * 5001, "bell\x07", "nul\x00"],
}


@HOSTILE
@given(
    good=st.integers(1, 5),
    at=st.integers(0, 5),
    column=st.sampled_from(sorted(BAD_CELLS)),
    data=st.data(),
)
def test_an_import_with_any_bad_row_writes_nothing(survey, agencies, good, at, column, data):
    bad_value = data.draw(st.sampled_from(BAD_CELLS[column]))
    rows = [[cell.format(n=n) for cell in GOOD_ROW] for n in range(good)]
    bad = [cell.format(n="bad") for cell in GOOD_ROW]
    bad[HEADER.index(column)] = bad_value
    position = min(at, len(rows))
    rows.insert(position, bad)
    import_responses(survey, io.BytesIO(csv_bytes(rows[:position])))  # some already there
    with fresh_example():
        before = counts()
        with pytest.raises(ImportRejected) as refused:
            import_responses(survey, io.BytesIO(csv_bytes(rows)))
        assert any(e.startswith(f"line {position + 2}:") for e in refused.value.errors)
        assert counts() == before


def test_huge_binary_or_malformed_import_files_are_refused(survey, agencies, tmp_path):
    before = counts()
    huge = csv_bytes([GOOD_ROW]) + b"x" * MAX_IMPORT_BYTES
    cases = {
        "huge": huge,
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
        "latin-1": csv_bytes([["r1", "DSS", "leadership", "", "", "", ""]])
        + "caf\xe9".encode("latin-1"),
        "giant cell": csv_bytes([["r1", "DSS", "leadership", "", "", "", '"' + "x" * 200000]]),
        "duplicate column": csv_bytes([], header=[*HEADER, "success"]),
        "empty": b"",
    }
    for name, content in cases.items():
        with pytest.raises(ImportRejected) as refused:
            import_responses(survey, io.BytesIO(content))
        assert refused.value.errors, name
    path = tmp_path / "huge.csv"
    path.write_bytes(huge)
    with pytest.raises(ImportRejected, match="larger than"):
        import_responses(survey, str(path))
    assert counts() == before


# Exports ---------------------------------------------------------------------------------


@HOSTILE
@given(ref=hostile_text, text=hostile_text, item=hostile_text)
def test_csv_exports_neutralise_formulas_in_any_text(
    survey, agencies, curator_client, ref, text, item
):
    ref, text, item = ref.strip()[:200], text.strip(), item.strip()[:300]
    storable = all(v and not text_problem(v, 5000) for v in (ref, text, item))
    if not storable:
        ref, text, item = "=1+1", "@SUM(A1)", "-2+3"
    with fresh_example():
        Item.objects.filter(question__survey=survey, key="budget").update(text=item)
        add_response(
            survey, agencies["DSS"], {"success": text, "challenges.budget": "agree"}, ref=ref
        )
        for name in ("responses_csv", "results_csv"):
            page = curator_client.get(url(name, survey.key))
            assert page.status_code == 200
            rows = list(csv.reader(io.StringIO(page.content.decode("utf-8"), newline="")))
            for row in rows[1:]:
                for cell in row:
                    assert not cell.startswith(FORMULA_START), (name, cell)
        html = curator_client.get(url("text_answers", survey.key)).content.decode()
        if "\r" not in text and "\n" not in text:  # line breaks become <br>
            assert escape(text) in html
        shown_escaped(text, html)


def test_full_width_formula_signs_are_neutralised_too(survey, agencies, curator_client):
    add_response(survey, agencies["DSS"], {"success": "＋SUM(A1)"}, ref="＝1+1")
    page = curator_client.get(url("responses_csv", survey.key))
    rows = list(csv.reader(io.StringIO(page.content.decode("utf-8"), newline="")))
    assert rows[1][0] == "'＝1+1"
    assert "'＋SUM(A1)" in rows[1]


def test_chart_markup_escapes_labels_and_cells():
    from assessments.charts import bar_chart, stacked_chart

    bars = bar_chart("c1", "t", [(SCRIPT, 5)], extra={0: ['"><b>', 2.5]})
    stacked = stacked_chart("c2", "t", ["Agree"], [(SCRIPT, {"Agree": 50}, ["<i>"])])
    bars_html, stacked_html = (
        render_to_string("components/assessments_chart.html", {"chart": chart})
        for chart in (bars, stacked)
    )
    for html in (bars_html, stacked_html):
        assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&quot;&gt;&lt;b&gt;" in bars_html and "<td>2.5</td>" in bars_html
    assert "&lt;i&gt;" in stacked_html


def test_chart_markup_escapes_quotes_in_attributes():
    from assessments.charts import bar_chart

    chart = bar_chart('c3" onclick="x', 'Title" onmouseover="y', [("a", 1)])
    html = render_to_string("components/assessments_chart.html", {"chart": chart})
    assert 'id="c3&quot; onclick=&quot;x-caption"' in html
    assert "onclick=" not in html.replace("onclick=&quot;", "")
    assert "onmouseover=" not in html.replace("onmouseover=&quot;", "")
