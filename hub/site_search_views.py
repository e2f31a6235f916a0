"""The site-wide search page (/search/) and "Suggest a resource"."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from hub import site_search, suggestions
from hub.search_forms import SuggestionForm

ONE_KIND_LIMIT = 50  # rows shown on the page of one kind (?kind=)


def search(request):
    """Results of every kind, grouped, each with its count and facets; one kind with ?kind=."""
    raw = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    if kind not in site_search.KINDS:
        kind = ""
    text = site_search.prepare(raw, facet=request.GET.get("facet", "") if kind else "")
    groups = []
    if text:
        limit = ONE_KIND_LIMIT if kind else 5
        groups = site_search.search_all(request.user, text, only=kind, limit=limit)
        for group in groups:
            group.all_url = (
                reverse("site_search") + "?" + urlencode({"q": text.raw, "kind": group.kind.key})
            )
    total = sum(group.result.count for group in groups)
    return render(
        request,
        "hub/site_search.html",
        {
            "searched": text.raw if text else site_search.clean(raw),
            "text": text,
            "groups": groups,
            "total": total,
            "kind": site_search.KINDS.get(kind),
            "suggest_form": SuggestionForm(initial={"query": text.raw})
            if text and not total
            else None,
        },
    )


def suggest(request):
    """ "Suggest a resource": what the person needed and a link; curators answer it."""
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            suggestions.suggest(request.user, data["needed"], data["link"], data["query"])
            messages.success(
                request,
                "Thank you: the curators have your suggestion. We will email you when it is "
                "in the catalog.",
            )
            target = reverse("site_search")
            if data["query"]:
                target += "?" + urlencode({"q": data["query"]})
            return redirect(target)
    else:
        form = SuggestionForm(initial={"query": site_search.clean(request.GET.get("q", ""))})
    return render(request, "hub/suggest_resource.html", {"form": form})
