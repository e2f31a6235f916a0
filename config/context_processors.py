"""Template context that every page gets."""

from django.templatetags.static import static
from django.urls import reverse

# The header's and footer's links, reversed once a request: {{ site_urls.KEY }} in templates.
SITE_URL_NAMES = {
    "home": "home",
    "resources": "hub:resource_index",
    "assessments": "assessments:index",
    "sharing": "sharing:index",
    "hiring": "hiring:index",
    "ai_registry": "ai_registry:inventory",
    "inventory": "inventory:list",
    "site_search": "site_search",
    "admin": "admin:index",
    "password_change": "password_change",  # nosec B105 (a URL name, not a password)
    "second_factor_setup": "second_factor_setup",
    "api_tokens": "api_tokens",
    "logout": "logout",
}
# The files every page loads: {{ site_urls.static.KEY }}.
SITE_STATIC_FILES = {
    "bootstrap_css": "vendor/bootstrap-5.3.9/css/bootstrap.min.css",
    "bootstrap_js": "vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js",
    "site_css": "css/site.css",
    "forms_js": "js/forms.js",
}


def site_urls(request):
    urls = {name: reverse(view) for name, view in SITE_URL_NAMES.items()}
    urls["static"] = {name: static(path) for name, path in SITE_STATIC_FILES.items()}
    return {"site_urls": urls}
