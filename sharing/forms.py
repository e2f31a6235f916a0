"""Forms: the intake wizard's steps, the action panel, comments, attachments, the advisor."""

import zipfile

from django import forms

from accounts.models import Agency
from hub.input_checks import clean_upload_name, no_control_characters, single_line
from sharing.models import (
    AttachmentKind,
    DataCategory,
    DestructionMethod,
    Identifiability,
    SharingRequest,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# extension -> (content type, leading bytes it must start with, or None for text)
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}
# Office files are zip packages: the part that makes each one what its extension says.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# Text that a browser would take for markup or script is not a CSV or a text file.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


class SafeTextMixin:
    """Every text field refuses control characters; `single_line_fields` refuse line breaks.

    Django already refuses NUL in form text; the other controls would break the agreement
    draft (XML) or an email header, so they get the same clear message.
    """

    single_line_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                check = single_line if name in self.single_line_fields else no_control_characters
                field.validators.append(check)


class PartiesForm(SafeTextMixin, forms.ModelForm):
    single_line_fields = ("title",)

    class Meta:
        model = SharingRequest
        fields = ["title", "providing_agency"]
        labels = {"title": "Short title", "providing_agency": "Providing agency (holds the data)"}
        help_texts = {"title": "For example: UI wage records for the WIOA performance report."}

    def __init__(self, *args, requesting_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requesting_agency = requesting_agency
        queryset = Agency.objects.filter(active=True).order_by("name")
        if requesting_agency is not None:
            queryset = queryset.exclude(pk=requesting_agency.pk)
        self.fields["providing_agency"].queryset = queryset


class PurposeForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = SharingRequest
        fields = ["purpose", "legal_authority"]
        labels = {"legal_authority": "Legal authority or exception"}
        help_texts = {
            "purpose": "What the data will be used for, and by whom.",
            "legal_authority": "The statute, regulation or exception that allows the disclosure.",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "legal_authority": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True


class DataForm(SafeTextMixin, forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        queryset=DataCategory.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="Data categories",
        help_text="Choose every category in the data: the strictest rule governs the request.",
    )

    class Meta:
        model = SharingRequest
        fields = [
            "categories",
            "data_elements",
            "identifiability",
            "frequency",
            "federal_match",
            "research",
        ]
        labels = {"data_elements": "Data elements"}
        help_texts = {"data_elements": "The fields requested, one per line, with date ranges."}
        widgets = {
            "data_elements": forms.Textarea(attrs={"rows": 5}),
            "identifiability": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_elements"].required = True
        self.fields["frequency"].required = True


class SecurityForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = SharingRequest
        fields = ["storage_security", "retention_destruction", "contractor_involved"]
        help_texts = {
            "storage_security": "Where the data will be stored, who can reach it, how it moves.",
            "retention_destruction": "How long the data are kept and how they are destroyed.",
        }
        widgets = {
            "storage_security": forms.Textarea(attrs={"rows": 4}),
            "retention_destruction": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("storage_security", "retention_destruction"):
            self.fields[name].required = True


class TermForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = SharingRequest
        fields = ["term_months"]
        help_texts = {"term_months": "How long the agreement should run, in months (1 to 120)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["term_months"]
        field.required = True
        field.min_value, field.max_value = 1, 120
        field.widget.attrs.update(min=1, max=120)

    def clean_term_months(self):
        value = self.cleaned_data["term_months"]
        if not 1 <= value <= 120:
            raise forms.ValidationError("Enter a term between 1 and 120 months.")
        return value


class ActionForm(SafeTextMixin, forms.Form):
    """The action panel on a request: one comment box, dates when they matter, a version."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Comment or reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="Required to request changes, reject or terminate.",
    )
    effective_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Effective date"
    )
    expiry_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Expiry date"
    )


class CommentForm(SafeTextMixin, forms.Form):
    body = forms.CharField(
        label="Add a comment", max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Attach a file",
        help_text="PDF, Word, Excel, CSV, text, PNG or JPEG; 10 MB at most.",
    )
    kind = forms.ChoiceField(
        label="What the file is",
        choices=AttachmentKind.choices,
        initial=AttachmentKind.SUPPORTING,
        required=False,  # a form without it (an older page, a script) attaches a document
        widget=forms.RadioSelect,
        help_text="Marking a request executed needs its signed agreement attached.",
    )

    def clean_kind(self):
        return self.cleaned_data["kind"] or AttachmentKind.SUPPORTING

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])


def checked_upload(upload):
    """An uploaded file checked by its content (type by extension, then the bytes), renamed
    for storage; raises ValidationError. Sets `checked_content_type` and `shown_name`."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError("The file is larger than 10 MB.")
    if upload.size == 0:
        raise forms.ValidationError("The file is empty.")
    shown, stored = clean_upload_name(upload.name)
    extension = stored.rsplit(".", 1)[-1] if "." in stored else ""
    if extension not in ATTACHMENT_TYPES:
        raise forms.ValidationError(
            "That type of file is not accepted: use PDF, Word, Excel, CSV, text, PNG or JPEG."
        )
    content_type, magic = ATTACHMENT_TYPES[extension]
    head = upload.read(2048)
    upload.seek(0)
    not_that_type = forms.ValidationError(f"The file's content is not a .{extension} file.")
    if magic is not None and not head.startswith(magic):
        raise not_that_type
    if extension in OFFICE_PARTS and not _zip_has(upload, OFFICE_PARTS[extension]):
        raise not_that_type
    if magic is None:
        if b"\x00" in head:
            raise forms.ValidationError("The file's content is not text.")
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut by the 2 KB read is fine; anything else is not.
            if upload.size <= len(head) or error.start < len(head) - 3:
                raise forms.ValidationError("The file's content is not UTF-8 text.") from None
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS):
            raise forms.ValidationError(
                f"The file's content is a web page or script, not a .{extension} file."
            )
    upload.checked_content_type = content_type
    upload.shown_name = shown
    upload.name = stored
    return upload


def _zip_has(upload, part: str) -> bool:
    """True if the upload is a readable zip package holding `part`."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload.file) as package:
            found = part in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        found = False
    upload.seek(0)
    return found


class AdvisorForm(forms.Form):
    category = forms.ModelMultipleChoiceField(
        queryset=DataCategory.objects.order_by("name"),
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
        label="Data categories",
    )
    identifiability = forms.ChoiceField(
        choices=Identifiability.choices,
        initial=Identifiability.IDENTIFIED,
        widget=forms.RadioSelect,
    )
    contractor = forms.BooleanField(
        required=False, label="A contractor or vendor will handle the data"
    )
    federal_match = forms.BooleanField(
        required=False, label="Federal records (SSA, CMS, SAVE) will be matched with ours"
    )
    research = forms.BooleanField(required=False, label="The data are for research")


class DestructionForm(SafeTextMixin, forms.Form):
    """The receiving agency certifies that the shared data were destroyed (close-out)."""

    single_line_fields = ("method_other", "official_name", "official_title")

    destroyed_on = forms.DateField(
        label="Date the data were destroyed", widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(
        label="Method of destruction",
        choices=DestructionMethod.choices,
        widget=forms.RadioSelect,
    )
    method_other = forms.CharField(
        label="If other, describe the method", max_length=300, required=False
    )
    official_name = forms.CharField(label="Name of the certifying official", max_length=200)
    official_title = forms.CharField(label="Title of the certifying official", max_length=200)
    certificate = forms.FileField(
        label="Signed destruction certificate (PDF)", help_text="A PDF of 10 MB at most."
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_destroyed_on(self):
        destroyed_on = self.cleaned_data["destroyed_on"]
        if self.today and destroyed_on > self.today:
            raise forms.ValidationError("The date of destruction cannot be in the future.")
        return destroyed_on

    def clean_certificate(self):
        upload = checked_upload(self.cleaned_data["certificate"])
        if upload.checked_content_type != "application/pdf":
            raise forms.ValidationError("The certificate must be a PDF.")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("method") == DestructionMethod.OTHER and not data.get("method_other"):
            self.add_error("method_other", "Describe the method of destruction.")
        if data.get("method") != DestructionMethod.OTHER:
            data["method_other"] = ""
        return data
