"""The shared template components: one date format, error summary, confirmation, banner."""

import calendar
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from hub.templatetags.dates import iso_datetime, long_date, long_datetime

NY = ZoneInfo("America/New_York")
# "2 December 2026" and "2 December 2026, 9:05 am": the one format of the whole product.
MONTHS = "|".join(calendar.month_name[1:])
LONG_DATE = re.compile(rf"^\d{{1,2}} ({MONTHS}) \d{{4}}$")
LONG_DATETIME = re.compile(LONG_DATE.pattern[:-1] + r", \d{1,2}:\d{2} (am|pm)$")


def test_long_date_and_datetime_read_day_month_year_and_lower_case_am_pm():
    assert long_date(datetime.date(2026, 12, 2)) == "2 December 2026"
    morning = datetime.datetime(2026, 12, 2, 14, 5, tzinfo=datetime.UTC)  # 9:05 in Hartford
    assert long_datetime(morning) == "2 December 2026, 9:05 am"
    assert (
        long_datetime(datetime.datetime(2026, 12, 2, 21, 30, tzinfo=NY))
        == "2 December 2026, 9:30 pm"
    )
    assert LONG_DATE.match(long_date(morning)) and LONG_DATETIME.match(long_datetime(morning))
    assert "a.m." not in long_datetime(morning)
    assert long_date(None) == "" and long_datetime("") == ""


def test_a_datetime_shows_its_local_day():
    late = datetime.datetime(2026, 12, 3, 2, 0, tzinfo=datetime.UTC)  # 9 pm on the 2nd in CT
    assert long_date(late) == "2 December 2026"
    assert iso_datetime(late) == "2026-12-02T21:00:00-05:00"
    assert iso_datetime(datetime.date(2026, 12, 2)) == "2026-12-02"


def test_date_component_wraps_the_text_in_a_machine_readable_time():
    html = render_to_string("components/date.html", {"value": datetime.date(2026, 12, 2)})
    assert html == '<time datetime="2026-12-02">2 December 2026</time>'
    when = datetime.datetime(2026, 12, 2, 9, 5, tzinfo=NY)
    html = render_to_string("components/date.html", {"value": when, "time": True})
    assert html == '<time datetime="2026-12-02T09:05:00-05:00">2 December 2026, 9:05 am</time>'
    assert render_to_string("components/date.html", {"value": None, "empty": "Never"}) == "Never"


class ExampleForm(forms.Form):
    title = forms.CharField(label="Title")
    purpose = forms.CharField(label="Purpose")
    step = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Check the dates.")


def test_error_summary_links_each_field_with_an_error_and_takes_focus():
    form = ExampleForm(data={"purpose": "Research"})
    html = render_to_string("components/error_summary.html", {"form": form})
    assert "data-error-summary" in html and 'tabindex="-1"' in html
    assert "There is a problem" in html
    assert '<a href="#id_title" data-error-link>Title: This field is required.</a>' in html
    assert "Check the dates." in html and "Step: " not in html and "#id_step" not in html
    assert "id_purpose" not in html
    assert render_to_string("components/error_summary.html", {"form": ExampleForm()}).strip() == ""


def test_confirm_page_reposts_the_fields_with_confirmed_and_csrf(rf_user_request):
    confirm = {
        "title": "Reject request #4?",
        "body": "The requester is told by email.\nThis cannot be undone.",
        "action_url": "/sharing/requests/4/act/",
        "confirm_label": "Reject request",
        "cancel_url": "/sharing/requests/4/",
        "danger": True,
        "fields": [("action", "reject"), ("comment", 'Not "needed"')],
    }
    html = render_to_string(
        "components/confirm.html", {"confirm": confirm}, request=rf_user_request
    )
    assert "<title>Reject request #4? - Data sharing - State Data Hub</title>" in html
    assert '<form method="post" action="/sharing/requests/4/act/"' in html
    assert '<input type="hidden" name="action" value="reject">' in html
    assert '<input type="hidden" name="comment" value="Not &quot;needed&quot;">' in html
    assert '<input type="hidden" name="confirmed" value="1">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="btn btn-danger">Reject request</button>' in html
    assert '<a class="btn btn-link" href="/sharing/requests/4/">Cancel</a>' in html
    assert "<p>The requester is told by email.<br>This cannot be undone.</p>" in html


def test_messages_render_as_a_notification_banner(rf_user_request):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    html = render_to_string(
        "components/notification_banner.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Submitted. A reviewer will reply within 10 days.")
            ]
        },
    )
    assert 'class="notification-banner notification-banner--success" role="status"' in html
    assert ">Success</h2>" in html and "A reviewer will reply within 10 days." in html


def test_every_page_loads_the_forms_script_and_the_official_banner(rf_user_request):
    html = render_to_string("base.html", {}, request=rf_user_request)
    assert "An official website of the State of Connecticut" in html
    assert '<script src="/static/js/forms.js"></script>' in html


@pytest.fixture
def rf_user_request(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/sharing/requests/4/")
    request.user = AnonymousUser()
    return request


class ExampleFilters(forms.Form):
    view = forms.CharField(required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), ("executed", "Executed")]
    )
    expires_before = forms.DateField(label="Expires on or before", required=False)
    q = forms.CharField(label="Title contains", required=False)


def test_active_filters_show_labels_never_keys_and_each_removes_itself():
    from django.http import QueryDict

    from hub.templatetags.filter_bar import active_filters

    query = QueryDict("view=all&status=executed&expires_before=2030-01-01&q=&page=2")
    chips = active_filters(ExampleFilters(query), query, keep="view")
    assert chips == [
        {
            "label": "Status",
            "value": "Executed",
            "url": "?view=all&expires_before=2030-01-01&q=",
        },
        {
            "label": "Expires on or before",
            "value": "1 January 2030",
            "url": "?view=all&status=executed&q=",
        },
    ]
    html = render_to_string(
        "components/active_filters.html", {"chips": chips, "clear_url": "?view=all"}
    )
    assert '<span class="visually-hidden">Remove </span>Status: Executed</a>' in html
    assert '<a href="?view=all">Clear filters</a>' in html
    assert active_filters(ExampleFilters(), QueryDict(""), keep="view") == []
