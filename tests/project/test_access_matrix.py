"""Access control, proven exhaustively: every URL pattern, every role, anonymous too.

Object URLs are filled with objects that belong to the Department of Labor (requester)
and the State Department of Education (provider); the Department of Children and Families
is party to nothing, so its users must never get a page about those objects (IDOR).
"""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories

ROLES = ["anonymous", "leader", "officer", "provider_officer", "outsider_officer",
         "outsider_leader", "reviewer", "curator"]  # fmt: skip


def named_patterns(resolver=None, prefix="", namespace=""):
    """(full name, route, converters) for every named pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


@pytest.fixture
def world(db, tmp_path, settings):
    """Users of every role, and one object of every kind that has a URL."""
    from assessments.models import Section
    from sharing.models import LegalFramework, RequestAttachment, State
    from tests.assessments.factories import add_response, mini_survey
    from tests.hub.factories import ResourceFactory, draft
    from tests.sharing.factories import SharingRequestFactory

    settings.MEDIA_ROOT = str(tmp_path)
    dol = factories.AgencyFactory(code="DOL")
    sde = factories.AgencyFactory(code="SDE")
    dcf = factories.AgencyFactory(code="DCF")
    opm = factories.AgencyFactory(code="OPM")
    users = {
        "leader": factories.leader(agency=dol),
        "officer": factories.data_officer(agency=dol),
        "provider_officer": factories.data_officer(agency=sde),
        "outsider_officer": factories.data_officer(agency=dcf),
        "outsider_leader": factories.leader(agency=dcf),
        "reviewer": factories.reviewer(agency=opm),
        "curator": factories.curator(agency=opm),
    }
    published = ResourceFactory(
        slug="published-resource",
        tags=["data sharing"],
        file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"),
    )
    draft(slug="draft-resource")
    watch = users["leader"].resource_watches.create(query="q=data")
    from accounts.tokens import create_token

    api_token, _secret = create_token(users["leader"], "Power BI")
    survey = mini_survey()
    response = add_response(
        survey, dol, {"effectiveness": "agree"}, user=users["leader"], status="draft"
    )
    request = SharingRequestFactory(
        requesting_agency=dol, providing_agency=sde, created_by=users["officer"],
        state=State.SUBMITTED,
    )  # fmt: skip
    from ai_registry.models import UseCase, UseCaseAgency

    use_case = UseCase.objects.create(
        title="Claims chatbot", purpose="Answers.", agency=dol, created_by=users["officer"],
        kind="generative_text", open_to_partners=False,
    )  # fmt: skip
    UseCaseAgency.objects.create(use_case=use_case, agency=sde, role="partnering")
    attachment = RequestAttachment.objects.create(
        request=request,
        uploaded_by=users["officer"],
        file=ContentFile(b"%PDF-1.4 test", name="plan.pdf"),
        name="plan.pdf",
        content_type="application/pdf",
        size=13,
    )
    # The inventory: a restricted DOL dataset named in the (submitted) request above.
    from inventory.models import RequestedDataset
    from tests.inventory.factories import DatasetFactory

    dataset = DatasetFactory(
        agency=dol,
        classification="restricted",
        dictionary_file=ContentFile(b"name,meaning", name="dictionary.csv"),
    )
    RequestedDataset.objects.create(request=request, dataset=dataset)
    from jobs.models import TaskRun

    task = TaskRun.objects.create(
        kind="sharing.register_xlsx", title="Register", started_by=users["leader"],
        status=TaskRun.Status.SUCCEEDED, result_name="sharing-register.xlsx",
    )  # fmt: skip
    task.result_file.save("register.xlsx", ContentFile(b"PK register"))
    return {
        "users": users,
        "kwargs": {
            "dataset_pk": dataset.pk,
            "task_pk": task.pk,
            "slug": published.slug,
            "key": survey.key,
            "section": Section.objects.get(survey=survey, key="challenges").key,
            "framework": LegalFramework.objects.order_by("pk").first().slug,
            "watch_pk": watch.pk,
            "api_token_pk": api_token.pk,
            "response_pk": response.pk,
            "request_pk": request.pk,
            "attachment_id": attachment.pk,
            "use_case_pk": use_case.pk,
            "step": "purpose",
        },
    }


def path_for(name: str, world_kwargs: dict) -> str:
    """The concrete path of a named pattern, with the world's objects as arguments."""
    w = world_kwargs
    by_name = {
        "hub:resource_detail": {"slug": w["slug"]},
        "hub:resource_file": {"slug": w["slug"]},
        "hub:watch_delete": {"pk": w["watch_pk"]},
        "api_token_revoke": {"pk": w["api_token_pk"]},
        "assessments:respond_section": {"key": w["key"], "section": w["section"]},
        "assessments:response_detail": {"key": w["key"], "pk": w["response_pk"]},
        "assessments:reopen": {"key": w["key"], "pk": w["response_pk"]},
        "sharing:framework_detail": {"slug": w["framework"]},
        "sharing:request_step": {"pk": w["request_pk"], "step": w["step"]},
        "sharing:attachment_download": {"pk": w["request_pk"], "attachment_id": w["attachment_id"]},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "hiring:role": {"role": "analyst"},
        **{name: {"pk": w["task_pk"]} for name in TASK_URLS},
    }
    if name in by_name:
        return reverse(name, kwargs=by_name[name])
    if name.startswith(("assessments:", "feeds:")) and "<slug:key>" in dict(named_patterns())[name]:
        return reverse(name, kwargs={"key": w["key"]})
    if name.startswith("ai_registry:") and "<int:pk>" in dict(named_patterns())[name]:
        return reverse(name, kwargs={"pk": w["use_case_pk"]})
    if name == "inventory:pick_datasets":
        return reverse(name, kwargs={"request_pk": w["request_pk"]})
    if name.startswith("inventory:") and "<int:pk>" in dict(named_patterns())[name]:
        return reverse(name, kwargs={"pk": w["dataset_pk"]})
    if name.startswith("sharing:") and "<int:pk>" in dict(named_patterns())[name]:
        return reverse(name, kwargs={"pk": w["request_pk"]})
    return reverse(name)


def observe(client, user, method, path):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method.lower())(path)
    return response.status_code


# Expected status for each role, in the order of ROLES:
# anonymous, leader (DOL), officer (DOL, requester), provider_officer (SDE),
# outsider_officer (DCF), outsider_leader (DCF), reviewer (OPM), curator (OPM).
# 302 for anonymous is always the sign-in page (asserted below).
READ = (302, 200, 200, 200, 200, 200, 200, 200)
TASK_URLS = ["jobs:status", "jobs:progress", "jobs:download", "jobs:retry"]
FEED_NAMES = ["results_json", "results_csv", "breakdown_json", "breakdown_csv", "responses_csv",
              "register_csv", "register_json", "resources_csv", "resources_json",
              "ai_use_cases_csv", "ai_use_cases_json", "ai_public_json"]  # fmt: skip
EXPECTED = {
    "home": ("GET", READ),
    "healthz": ("GET", (200,) * 8),
    "login": ("GET", (200,) * 8),
    "logout": ("POST", (302,) * 8),
    "password_change": ("GET", READ),
    "password_change_done": ("GET", READ),
    "password_reset": ("GET", (200,) * 8),
    "password_reset_done": ("GET", (200,) * 8),
    "password_reset_confirm": ("GET", (200,) * 8),
    "password_reset_complete": ("GET", (200,) * 8),
    # The code step of sign-in: after a right password, or for a signed-in session with an
    # authenticator (the curator's, below); without one, signed-in users go to set one up.
    "second_factor": ("GET", (302, 302, 302, 302, 302, 302, 302, 200)),
    "second_factor_setup": ("GET", READ),
    # API tokens: everyone has their own; the owner (the leader) gets the confirmation page,
    # curators revoke anyone's, anyone else: 404. A create without a name: 400.
    "api_tokens": ("GET", READ),
    "api_token_create": ("POST", (302, 400, 400, 400, 400, 400, 400, 400)),
    "api_tokens_all": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    "api_token_revoke": ("POST", (302, 200, 404, 404, 404, 404, 404, 200)),
    # Resource hub: the catalog is for everyone; curation for curators only.
    "hub:resource_index": ("GET", READ),
    # The site search (only what each may see, tests/hub/test_site_search.py) and the
    # suggest form, for everyone signed in.
    "site_search": ("GET", READ),
    "suggest_resource": ("GET", READ),
    "hub:tag_list": ("GET", READ),
    "hub:watch_list": ("GET", READ),
    "hub:watch_create": ("POST", (302,) * 8),
    # The owner gets the confirmation page (no confirmed=1); anyone else: 404.
    "hub:watch_delete": ("POST", (302, 200, 404, 404, 404, 404, 404, 404)),
    "hub:curation": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    # Starting the link check as a background task: curators only (to the task's page).
    "hub:curation_check_links": ("POST", (302, 403, 403, 403, 403, 403, 403, 302)),
    # A background task (the leader's): its page, progress and file for its starter only,
    # 404 to everyone else (superusers aside); retrying a finished run says it cannot be.
    "jobs:status": ("GET", (302, 200, 404, 404, 404, 404, 404, 404)),
    "jobs:progress": ("GET", (302, 200, 404, 404, 404, 404, 404, 404)),
    "jobs:download": ("GET", (302, 200, 404, 404, 404, 404, 404, 404)),
    "jobs:retry": ("POST", (302, 302, 404, 404, 404, 404, 404, 404)),
    "hub:resource_detail": ("GET", READ),
    "hub:catalog_csv": ("GET", READ),
    "hub:catalog_json": ("GET", READ),
    "hub:resource_file": ("GET", READ),
    # Needs assessment: leaders and data officers answer; results are statewide; raw
    # answers belong to the respondent's agency and to curators.
    "assessments:index": ("GET", READ),
    "assessments:respond": ("GET", (302, 302, 302, 302, 302, 302, 403, 403)),
    "assessments:review": ("GET", (302, 200, 200, 200, 200, 200, 403, 403)),
    "assessments:submit": ("POST", (302, 302, 302, 302, 302, 302, 403, 403)),
    "assessments:respond_section": ("GET", (302, 200, 200, 200, 200, 200, 403, 403)),
    "assessments:results": ("GET", READ),
    "assessments:results_json": ("GET", READ),
    "assessments:results_csv": ("GET", READ),
    "assessments:results_xlsx": ("GET", READ),
    "assessments:breakdown": ("GET", READ),
    "assessments:breakdown_json": ("GET", READ),
    "assessments:my_agency": ("GET", (302, 200, 200, 200, 200, 200, 403, 403)),
    "assessments:breakdown_csv": ("GET", READ),
    "assessments:compare": ("GET", READ),
    "assessments:report": ("GET", READ),
    "assessments:report_pdf": ("GET", READ),
    "assessments:report_docx": ("GET", READ),
    "assessments:responses": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    "assessments:responses_csv": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    "assessments:responses_xlsx": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    "assessments:remind": ("POST", (302, 403, 403, 403, 403, 403, 403, 302)),
    "assessments:text_answers": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    "assessments:response_detail": ("GET", (302, 200, 200, 404, 404, 404, 404, 200)),
    "assessments:reopen": ("POST", (302, 403, 403, 404, 404, 404, 404, 302)),
    # Data sharing: guidance and the register for everyone; a request for its two
    # agencies' data officers, reviewers and curators; 404 to everyone else.
    "sharing:index": ("GET", READ),
    "sharing:framework_detail": ("GET", READ),
    "sharing:advisor": ("GET", READ),
    "sharing:advice_json": ("GET", (302, 400, 400, 400, 400, 400, 400, 400)),
    "sharing:request_list": ("GET", READ),
    "sharing:request_new": ("GET", (302, 403, 200, 200, 200, 403, 403, 403)),
    "sharing:request_detail": ("GET", (302, 404, 200, 200, 404, 404, 200, 200)),
    "sharing:request_step": ("GET", (302, 404, 302, 302, 404, 404, 302, 302)),
    "sharing:request_action": ("POST", (302, 404, 400, 400, 404, 404, 400, 400)),
    "sharing:request_comment": ("POST", (302, 404, 400, 400, 404, 404, 400, 400)),
    "sharing:attachment_upload": ("POST", (302, 404, 400, 400, 404, 404, 400, 400)),
    "sharing:attachment_download": ("GET", (302, 404, 200, 200, 404, 404, 200, 200)),
    "sharing:agreement_docx": ("GET", (302, 404, 200, 200, 404, 404, 200, 200)),
    "sharing:request_versions": ("GET", (302, 404, 200, 200, 404, 404, 200, 200)),
    "sharing:clause_preview": ("GET", (302, 404, 200, 200, 404, 404, 200, 200)),
    # Taking a request is a reviewer's; the parties are told no (a message), outsiders 404.
    "sharing:assign": ("POST", (302, 404, 302, 302, 404, 404, 302, 302)),
    # Only the receiving agency certifies, once the agreement has ended (this one is open).
    "sharing:certify_destruction": ("POST", (302, 404, 403, 403, 404, 404, 403, 403)),
    # No certificate is filed yet: nobody gets one, and outsiders cannot tell.
    "sharing:destruction_certificate": ("GET", (302, 404, 404, 404, 404, 404, 404, 404)),
    "sharing:register": ("GET", READ),
    "sharing:register_csv": ("GET", READ),
    "sharing:register_xlsx": ("GET", READ),
    "sharing:register_json": ("GET", READ),
    "sharing:register_matrix": ("GET", READ),
    # The hiring toolkit: statewide guidance and figures, read by everyone signed in.
    "hiring:index": ("GET", READ),
    "hiring:role": ("GET", READ),
    # AI use cases: the inventory for everyone (each sees what they may); a use case not yet
    # approved for its agencies (DOL owns it, SDE partners), AI reviewers and curators only
    # (a sharing reviewer is not an AI reviewer); intake for data officers and leaders.
    "ai_registry:inventory": ("GET", READ),
    "ai_registry:inventory_csv": ("GET", READ),
    "ai_registry:inventory_xlsx": ("GET", READ),
    "ai_registry:inventory_json": ("GET", READ),
    "ai_registry:public_csv": ("GET", READ),
    "ai_registry:public_json": ("GET", READ),
    "ai_registry:new": ("GET", (302, 200, 200, 200, 200, 200, 403, 403)),
    "ai_registry:detail": ("GET", (302, 200, 200, 200, 404, 404, 404, 200)),
    "ai_registry:edit": ("GET", (302, 200, 200, 403, 404, 404, 404, 403)),
    "ai_registry:assessment": ("GET", (302, 200, 200, 403, 404, 404, 404, 403)),
    "ai_registry:action": ("POST", (302, 400, 400, 400, 404, 404, 404, 400)),
    "ai_registry:join": ("POST", (302, 400, 400, 400, 404, 404, 404, 400)),
    # Inventory (a restricted DOL dataset): the catalog for everyone (details withheld, tested
    # in tests/inventory), data.json public; entries kept by their agency's data officers and
    # curators; the dictionary for those who see the details; "Request this data" for other
    # agencies' data officers; the picker for a request still editable (this one is not).
    "inventory:list": ("GET", READ),
    "inventory:create": ("GET", (302, 403, 200, 200, 200, 403, 403, 200)),
    "inventory:import": ("GET", (302, 403, 200, 200, 200, 403, 403, 200)),
    "inventory:export_csv": ("GET", READ),
    "inventory:export_xlsx": ("GET", READ),
    "inventory:data_json": ("GET", (200,) * 8),
    "inventory:completeness": ("GET", (302, 403, 403, 403, 403, 403, 403, 200)),
    "inventory:detail": ("GET", READ),
    "inventory:edit": ("GET", (302, 403, 200, 403, 403, 403, 403, 200)),
    "inventory:retire": ("POST", (302, 403, 200, 403, 403, 403, 403, 200)),
    "inventory:reviewed": ("POST", (302, 403, 302, 403, 403, 403, 403, 302)),
    "inventory:dictionary": ("GET", (302, 200, 200, 404, 404, 404, 404, 200)),
    "inventory:start_request": ("GET", (302, 403, 403, 200, 200, 403, 403, 403)),
    "inventory:pick_datasets": ("GET", (302, 404, 403, 403, 404, 404, 403, 403)),
    # Feeds answer a token only: a signed-in browser gets 401 like anyone (FEEDS below).
    **{f"feeds:{name}": ("GET", (401,) * 8) for name in FEED_NAMES},
}

# Each feed with a token of each role (anonymous: no token): the pages' rights, no more.
TOKEN_READ = (401, 200, 200, 200, 200, 200, 200, 200)
FEEDS = {
    "results_json": TOKEN_READ,
    "results_csv": TOKEN_READ,
    "breakdown_json": TOKEN_READ,
    "breakdown_csv": TOKEN_READ,
    "responses_csv": (401, 403, 403, 403, 403, 403, 403, 200),
    "register_csv": TOKEN_READ,
    "register_json": TOKEN_READ,
    "resources_csv": TOKEN_READ,
    "resources_json": TOKEN_READ,
    "ai_use_cases_csv": TOKEN_READ,
    "ai_use_cases_json": TOKEN_READ,
    "ai_public_json": TOKEN_READ,
}


def test_every_url_pattern_has_an_expected_answer_for_every_role():
    assert set(EXPECTED) == {name for name, _route in named_patterns()}


@pytest.mark.django_db
def test_each_role_gets_the_expected_answer_from_every_url(world):
    """One world, every pattern and role; all mismatches are reported together.

    Each role keeps one signed-in browser, signed in again only after a URL signed it out:
    signing in afresh before each of the ~1,000 requests took half of this test's time.
    Anonymous requests each come from a new browser."""
    browsers = {}

    def browser_of(role):
        if role == "anonymous":
            return Client()
        browser = browsers.setdefault(role, Client())
        if SESSION_KEY not in browser.session:
            browser.force_login(world["users"][role])
        return browser

    mismatches = []
    for name, (method, expected) in sorted(EXPECTED.items()):
        path = path_for(name, world["kwargs"])
        seen = []
        for role in ROLES:
            response = getattr(browser_of(role), method.lower())(path)
            seen.append(response.status_code)
            if role == "anonymous" and response.status_code == 302 and name != "logout":
                assert response["Location"].startswith("/accounts/login/"), path
        if tuple(seen) != expected:
            mismatches.append(f"{name} {method} {path}: expected {expected}, got {tuple(seen)}")
    assert mismatches == []


@pytest.mark.django_db
def test_each_role_gets_the_expected_answer_from_every_feed_with_a_token(client, world):
    from accounts.tokens import create_token

    assert set(FEEDS) == set(FEED_NAMES)
    secrets = {role: create_token(user, "matrix")[1] for role, user in world["users"].items()}
    mismatches = []
    for name, expected in sorted(FEEDS.items()):
        path = path_for(f"feeds:{name}", world["kwargs"])
        seen = []
        for role in ROLES:
            header = {"HTTP_AUTHORIZATION": f"Bearer {secrets[role]}"} if role in secrets else {}
            seen.append(client.get(path, **header).status_code)
        if tuple(seen) != expected:
            mismatches.append(f"{name} {path}: expected {expected}, got {tuple(seen)}")
    assert mismatches == []


@pytest.mark.django_db
def test_outsiders_read_nothing_of_another_agencys_objects(client, world):
    """The IDOR rule on its own: no object URL answers an unrelated agency with content."""
    object_names = [
        "api_token_revoke",
        "hub:watch_delete",
        "assessments:response_detail",
        "assessments:reopen",
        "sharing:request_detail",
        "sharing:request_step",
        "sharing:request_action",
        "sharing:request_comment",
        "sharing:attachment_upload",
        "sharing:attachment_download",
        "sharing:agreement_docx",
        "sharing:request_versions",
        "sharing:clause_preview",
        "sharing:assign",
        "sharing:certify_destruction",
        "sharing:destruction_certificate",
        "ai_registry:detail",
        "ai_registry:edit",
        "ai_registry:assessment",
        "ai_registry:action",
        "ai_registry:join",
        "inventory:dictionary",
        "inventory:pick_datasets",
        *TASK_URLS,
    ]
    for role in ("outsider_officer", "outsider_leader"):
        client.force_login(world["users"][role])
        for name in object_names:
            method = EXPECTED[name][0]
            response = getattr(client, method.lower())(path_for(name, world["kwargs"]))
            assert response.status_code == 404, f"{role} {name}: {response.status_code}"


@pytest.mark.django_db
def test_admin_is_for_staff_and_every_changelist_renders(client, world):
    from django.contrib import admin

    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    changelists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    assert len(changelists) > 15
    for role in ("leader", "officer", "outsider_officer", "reviewer"):
        client.force_login(world["users"][role])
        for path in changelists[:5] + ["/admin/"]:
            response = client.get(path)
            assert response.status_code == 302, (role, path)
            assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))
    client.force_login(world["users"]["curator"])
    assert client.get("/admin/").status_code == 200
    for path in changelists:
        assert client.get(path).status_code in (200, 403), path
    client.force_login(superuser)
    for path in changelists:
        assert client.get(path).status_code == 200, path
