"""The form for one section of a questionnaire, built from its questions."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils.html import escape

from assessments.models import Answer, Question
from assessments.selectors import question_anchor
from assessments.text_rules import CONTROL_CHARACTERS, CONTROL_MESSAGE, MAX_TEXT_ANSWER

no_control_characters = RegexValidator(
    CONTROL_CHARACTERS, inverse_match=True, message=f"This answer {CONTROL_MESSAGE}."
)


def field_name(question, item=None) -> str:
    return f"q{question.pk}" if item is None else f"q{question.pk}_i{item.pk}"


class SectionForm(forms.Form):
    """One page of the questionnaire; every answer is optional until submit."""

    def __init__(self, *args, section, questions, response=None, **kwargs):
        self.section = section
        self.questions = [q for q in questions if not q.profile_field]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = []
        for question in self.questions:
            layout.append(self._add_question(question))
        self.helper.layout = Layout(*layout)
        if response is not None and not self.is_bound:
            self.initial.update(self._initial_from(response))

    def _add_question(self, question):
        kind = question.kind
        anchor = question_anchor(question)
        text = f"{question.text} (required)" if question.required else question.text
        if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.LIKERT):
            name = field_name(question)
            self.fields[name] = forms.ChoiceField(
                label=text,
                required=False,
                choices=[(o.pk, o.label) for o in question.scale.options.all()],
                widget=forms.RadioSelect,
            )
            return Div(name, css_class="mb-4", css_id=anchor)
        if kind == Question.Kind.TEXT:
            name = field_name(question)
            self.fields[name] = forms.CharField(
                label=text,
                required=False,
                max_length=MAX_TEXT_ANSWER,
                validators=[no_control_characters],
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            return Div(name, css_class="mb-4", css_id=anchor)
        items = list(question.items.all())
        names = []
        if kind == Question.Kind.MATRIX:
            options = [(o.pk, o.label) for o in question.scale.options.all()]
            for item in items:
                name = field_name(question, item)
                self.fields[name] = forms.ChoiceField(
                    label=item.text, required=False, choices=options, widget=forms.RadioSelect
                )
                names.append(InlineRadios(name))
            return Fieldset(escape(text), *names, css_class="mb-4 matrix-question", css_id=anchor)
        # ranking: one number per item, so it works with the keyboard alone
        for item in items:
            name = field_name(question, item)
            self.fields[name] = forms.IntegerField(
                label=item.text,
                required=False,
                min_value=1,
                max_value=len(items),
                widget=forms.NumberInput(attrs={"class": "rank-input", "inputmode": "numeric"}),
            )
            names.append(name)
        hint = (
            f"Give each activity a rank from 1 (most important) to {len(items)}, "
            "each number once. You may rank only your top few (1, 2, 3...)."
        )
        return Fieldset(
            escape(text),
            HTML(f'<p class="form-text">{escape(hint)}</p>'),
            Div(*names, css_class="ranking", data_question=str(question.pk)),
            css_class="mb-4 ranking-question",
            css_id=anchor,
        )

    def _initial_from(self, response):
        initial = {}
        for answer in Answer.objects.filter(
            response=response, question__in=self.questions
        ).select_related("question", "item"):
            name = field_name(answer.question, answer.item)
            if answer.option_id:
                initial[name] = str(answer.option_id)
            elif answer.rank is not None:
                initial[name] = answer.rank
            else:
                initial[name] = answer.text
        return initial

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.kind != Question.Kind.RANKING:
                continue
            given = {}
            for item in question.items.all():
                name = field_name(question, item)
                if cleaned.get(name) is not None:
                    given[name] = cleaned[name]
            seen = {}
            for name, rank in given.items():
                if rank in seen:
                    self.add_error(name, f"Rank {rank} is already given to another activity.")
                seen.setdefault(rank, name)
            expected = set(range(1, len(given) + 1))
            if len(seen) == len(given) and set(given.values()) != expected:
                for name, rank in given.items():
                    if rank not in expected:
                        self.add_error(
                            name,
                            f"Use ranks 1 to {len(given)} without gaps for the {len(given)} "
                            "activities you rank.",
                        )
        return cleaned

    def answers_for(self, response) -> list[Answer]:
        """Answer rows from the cleaned data (blank fields are unanswered)."""
        answers = []
        for question in self.questions:
            if question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.LIKERT):
                value = self.cleaned_data.get(field_name(question))
                if value:
                    answers.append(
                        Answer(response=response, question=question, option_id=int(value))
                    )
            elif question.kind == Question.Kind.TEXT:
                value = (self.cleaned_data.get(field_name(question)) or "").strip()
                if value:
                    answers.append(Answer(response=response, question=question, text=value))
            else:
                for item in question.items.all():
                    value = self.cleaned_data.get(field_name(question, item))
                    if value in (None, ""):
                        continue
                    if question.kind == Question.Kind.MATRIX:
                        answers.append(
                            Answer(
                                response=response,
                                question=question,
                                item=item,
                                option_id=int(value),
                            )
                        )
                    else:
                        answers.append(
                            Answer(response=response, question=question, item=item, rank=value)
                        )
        return answers
