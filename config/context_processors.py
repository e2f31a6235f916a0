"""Template context that every page gets."""

from django.templatetags.static import static
from django.urls import reverse

# The menu's links and the catalog's own: {{ site_urls.KEY }} in templates.
SITE_URL_NAMES = {
    "home": "home",
    "resources": "hub:resource_index",
    "tag_list": "hub:tag_list",
    "watch_list": "hub:watch_list",
    "watch_create": "hub:watch_create",
    "assessments": "assessments:index",
    "sharing": "sharing:index",
    "admin": "admin:index",
    "password_change": "password_change",  # nosec B105 (a URL name, not a password)
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
