"""Inventory forms (crispy-forms renders them; errors are summarised at the top)."""

from django import forms

from accounts.models import Agency, User
from accounts.roles import is_curator
from inventory.models import Dataset
from sharing.models import DataCategory

MAX_DICTIONARY_BYTES = 10 * 1024 * 1024
DICTIONARY_EXTENSIONS = (".csv", ".xlsx", ".pdf", ".docx", ".txt", ".json")


class DatasetForm(forms.ModelForm):
    access_url = forms.URLField(
        label="Public access URL",
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text="Where it is published, e.g. its data.ct.gov page.",
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=DataCategory.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Data categories",
        help_text="The sharing advisor's categories, so the laws that govern the data are known.",
    )

    class Meta:
        model = Dataset
        fields = [
            "agency", "identifier", "title", "description", "classification",
            "owner", "owner_name", "owner_email", "steward", "steward_name", "steward_email",
            "system", "keywords", "categories", "high_value", "high_value_reason",
            "update_frequency", "temporal_coverage", "geographic_coverage", "formats",
            "access_url", "dictionary_file", "dictionary_fields", "last_reviewed",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "high_value_reason": forms.Textarea(attrs={"rows": 2}),
            "dictionary_fields": forms.Textarea(attrs={"rows": 4}),
            "last_reviewed": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"keywords": "Separated by commas."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_curator(user):
            self.fields["agency"].queryset = Agency.objects.filter(active=True).order_by("name")
            people = User.objects.filter(is_active=True, agency__isnull=False)
        else:
            # A data officer keeps their own agency's entries only.
            self.fields["agency"].queryset = Agency.objects.filter(pk=user.agency_id)
            self.fields["agency"].initial = user.agency_id
            people = User.objects.filter(is_active=True, agency_id=user.agency_id)
        for name in ("owner", "steward"):
            self.fields[name].queryset = people.order_by("last_name", "first_name", "email")
            self.fields[name].required = False

    def clean_dictionary_file(self):
        upload = self.cleaned_data.get("dictionary_file")
        if upload and hasattr(upload, "size") and getattr(upload, "content_type", None):
            if upload.size > MAX_DICTIONARY_BYTES:
                raise forms.ValidationError("The file is larger than 10 MB.")
            if not upload.name.lower().endswith(DICTIONARY_EXTENSIONS):
                raise forms.ValidationError("Upload a CSV, Excel, PDF, Word, text or JSON file.")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("high_value") and not (data.get("high_value_reason") or "").strip():
            self.add_error("high_value_reason", "Say why the dataset is high value.")
        if not data.get("owner") and not (data.get("owner_name") and data.get("owner_email")):
            self.add_error(
                "owner", "Choose the data owner, or give the owner's name and email below."
            )
        agency, identifier = data.get("agency"), data.get("identifier")
        if agency and identifier:
            clash = Dataset.objects.filter(agency=agency, identifier=identifier)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "identifier", "Your agency already has a dataset with this identifier."
                )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Inventory file (CSV or Excel)",
        help_text="The template's columns; see the inventory template in the documentation.",
    )


class PickDatasetsForm(forms.Form):
    datasets = forms.ModelMultipleChoiceField(
        queryset=Dataset.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Datasets this request asks for",
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datasets"].queryset = queryset


class StartRequestForm(forms.Form):
    title = forms.CharField(
        label="Short title", max_length=200, help_text="For example: wage records for 2020-2024."
    )
