from django import forms

from hub.input_checks import no_control_characters, single_line


class SuggestionForm(forms.Form):
    needed = forms.CharField(
        label="What did you need?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
        help_text="A tool, a dataset, training or guidance: describe it in a sentence or two.",
    )
    link = forms.URLField(
        label="A link to it, if you know one",
        required=False,
        max_length=1000,
        assume_scheme="https",
        validators=[single_line],
    )
    query = forms.CharField(
        max_length=200, required=False, widget=forms.HiddenInput, validators=[single_line]
    )
