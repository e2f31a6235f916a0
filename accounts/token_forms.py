from django import forms

from accounts.token_models import ApiToken
from accounts.tokens import DEFAULT_DAYS, MAX_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What it is for, so you recognise it later, e.g. “Power BI workforce report”.",
    )
    days = forms.IntegerField(
        label="Expires after (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"Between 1 and {MAX_DAYS} days; {DEFAULT_DAYS} unless you change it.",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name.isprintable():
            raise forms.ValidationError("Use letters, digits and punctuation only.")
        return name
