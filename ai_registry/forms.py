"""Forms of the AI use case pages: intake, the impact assessment, review actions, joining."""

from django import forms

from accounts.models import Agency
from ai_registry import impact
from ai_registry.models import UseCase
from ai_registry.states import Participation, RiskTier, Sourcing
from inventory.models import Dataset
from sharing.forms import SafeTextMixin


class StartForm(SafeTextMixin, forms.Form):
    """Intake's first step: what the use case is, so similar ones can be suggested."""

    single_line_fields = ("title",)
    title = forms.CharField(
        max_length=200, help_text="For example: Chatbot answering questions about SNAP benefits."
    )
    purpose = forms.CharField(
        label="Problem and purpose",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="What problem it solves, for whom.",
    )


INTAKE_FIELDS = [
    "title",
    "purpose",
    "stage",
    "kind",
    "sourcing",
    "vendor_name",
    "data_categories",
    "datasets",
    "data_description",
    "affected_people",
    "affects_rights",
    "affects_benefits",
    "affects_safety",
    "human_oversight",
    "evaluation_monitoring",
    "contact_name",
    "contact_email",
    "contact_email_public",
    "open_to_partners",
    "internal_notes",
]


class UseCaseForm(SafeTextMixin, forms.ModelForm):
    single_line_fields = ("title", "vendor_name", "contact_name")

    class Meta:
        model = UseCase
        fields = INTAKE_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "data_categories": forms.CheckboxSelectMultiple,
            "datasets": forms.CheckboxSelectMultiple,
            "stage": forms.RadioSelect,
            "sourcing": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "data_description",
                    "affected_people",
                    "human_oversight",
                    "evaluation_monitoring",
                    "internal_notes",
                )
            },
        }
        help_texts = {
            "data_categories": "So the sharing rules of the data are known.",
            "datasets": "Your agency's entries in the data inventory that it uses; their data "
            "categories are added to those above.",
            "human_oversight": "Who reviews the AI's outputs, and when a person decides.",
            "evaluation_monitoring": "How accuracy, bias and drift are measured, and how often.",
            "vendor_name": "Required when it comes from a vendor.",
        }

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency_id = agency_id if agency_id is not None else self.instance.agency_id
        self.fields["datasets"].queryset = (
            Dataset.objects.active().filter(agency_id=agency_id).order_by("title")
        )

    def clean(self):
        data = super().clean()
        if data.get("sourcing") == Sourcing.VENDOR and not (data.get("vendor_name") or "").strip():
            self.add_error("vendor_name", "Name the vendor.")
        return data


class NewUseCaseForm(UseCaseForm):
    partners = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(active=True).order_by("name"),
        required=False,
        label="Partner agencies",
        help_text="Agencies already working on it with you (others can join it later).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, agency_id=agency_id, **kwargs)
        if agency_id is not None:
            self.fields["partners"].queryset = self.fields["partners"].queryset.exclude(
                pk=agency_id
            )


class AssessmentForm(SafeTextMixin, forms.Form):
    """The questionnaire's questions as radio buttons, and the safeguards a high risk needs."""

    safeguards = forms.CharField(
        label="Extra safeguards",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the risk is high: bias testing, human review of every "
        "decision, limits on use, security.",
    )
    notice_and_appeal = forms.CharField(
        label="Notice, explanation and appeal",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the risk is high: how affected people are told, and how "
        "they contest an outcome.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = impact.questionnaire()
        questions = {}
        for question in self.questionnaire["questions"]:
            questions[question["key"]] = forms.ChoiceField(
                label=question["text"],
                choices=[(o["key"], o["label"]) for o in question["options"]],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer."},
            )
        self.fields = {**questions, **self.fields}
        self.question_keys = list(questions)
        self.result = None

    def clean(self):
        data = super().clean()
        answers = {key: data[key] for key in self.question_keys if data.get(key)}
        self.result = impact.score(answers, self.questionnaire)
        if self.result.complete and self.result.tier == RiskTier.HIGH:
            for name in ("safeguards", "notice_and_appeal"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, "Required: the assessment gives a high risk.")
        data["answers"] = answers
        return data


class ActionForm(SafeTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Comment, reason or conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="Required to request changes, approve with conditions (the conditions) or "
        "not approve.",
    )


class JoinForm(forms.Form):
    role = forms.ChoiceField(
        label="Join as", choices=Participation.choices, widget=forms.RadioSelect
    )
