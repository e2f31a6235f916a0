"""Crispy markup of the request page's forms; a blank form's is made once per process.

Crispy renders a form through several templates (about a millisecond a form) and the
request page shows three on every view. A blank form (unbound, with nothing but the
request's version filled in, which renders on its own) looks the same for every user and
request, so its markup is kept; a form holding the user's input or errors renders afresh.
"""

import functools

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form

SEPARATE_FIELDS = {"version"}  # hidden, rendered by the page itself


def _is_blank(form) -> bool:
    return not form.is_bound and not set(form.initial) - SEPARATE_FIELDS


def form_markup(form) -> str:
    """`{{ form|crispy }}`."""
    return _blank_form(type(form)) if _is_blank(form) else as_crispy_form(form)


def field_markup(form) -> dict:
    """`{{ form.<name>|as_crispy_field }}` by field name."""
    if _is_blank(form):
        return _blank_fields(type(form))
    return {name: as_crispy_field(form[name]) for name in form.fields}


@functools.cache
def _blank_form(form_class) -> str:
    return as_crispy_form(form_class())


@functools.cache
def _blank_fields(form_class) -> dict:
    form = form_class()
    return {name: as_crispy_field(form[name]) for name in form.fields}
