"""The menu bar every page shows, built in Python: through the template engine it took most
of a page's rendering (some forty nodes, and a walk of them all for the blocks of every page
that extends base.html)."""

from html import escape

from django import template
from django.utils.safestring import SafeString

from config.context_processors import site_urls

register = template.Library()

# (section path, URL key, label): a link is current on every page under its path.
SECTIONS = [
    ("/resources/", "resources", "Resources"),
    ("/assessments/", "assessments", "Needs assessment"),
    ("/sharing/", "sharing", "Data sharing"),
]


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The brand link, and for a signed-in user the sections, the admin link for staff and
    the user menu (name, agency, roles, password change and sign out)."""
    request = context.get("request")
    user = context.get("user")
    urls = context.get("site_urls") or site_urls(request)["site_urls"]
    home = escape(urls["home"])
    brand = f'<a class="navbar-brand fw-semibold" href="{home}">State Data Hub</a>'
    if user is None or not user.is_authenticated:
        return SafeString(brand)  # nosec B703 (escaped)
    path = request.path if request is not None else ""
    items = []
    for prefix, key, label in SECTIONS:
        current = ' active" aria-current="page' if path.startswith(prefix) else ""
        items.append(
            f'<li class="nav-item"><a class="nav-link{current}" href="{escape(urls[key])}">'
            f"{label}</a></li>"
        )
    links = "\n            ".join(items)
    if user.is_staff:
        admin = escape(urls["admin"])
        links += (
            f'\n            <li class="nav-item"><a class="nav-link" href="{admin}">Admin</a></li>'
        )
    agency = getattr(getattr(user, "agency", None), "name", "")
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
        if token and token != "NOTPROVIDED"  # noqa: S105  # nosec B105 (Django's marker)
        else ""
    )
    return SafeString(  # nosec B703 (every value escaped)
        SIGNED_IN.format(
            brand=brand,
            links=links,
            name=escape(user.get_full_name() or user.email),
            agency=escape(agency or "No agency"),
            role=escape(user.role_label),
            password_change=escape(urls["password_change"]),
            logout=escape(urls["logout"]),
            csrf=csrf,
        )
    )


SIGNED_IN = """{brand}
        <button class="navbar-toggler" type="button" data-bs-toggle="collapse"
                data-bs-target="#main-nav" aria-controls="main-nav" aria-expanded="false"
                aria-label="Toggle navigation">
          <span class="navbar-toggler-icon"></span>
        </button>
        <div class="collapse navbar-collapse" id="main-nav">
          <ul class="navbar-nav me-auto">
            {links}
          </ul>
          <ul class="navbar-nav">
            <li class="nav-item dropdown">
              <button class="btn nav-link dropdown-toggle" type="button"
                      data-bs-toggle="dropdown" aria-expanded="false" id="user-menu">
                {name}
              </button>
              <div class="dropdown-menu dropdown-menu-end" aria-labelledby="user-menu">
                <p class="dropdown-item-text mb-0 small" data-testid="user-agency">
                  {agency}<br>
                  <span class="text-body-secondary" data-testid="user-role">{role}</span>
                </p>
                <hr class="dropdown-divider">
                <a class="dropdown-item" href="{password_change}">Change password</a>
                <form method="post" action="{logout}">
                  {csrf}
                  <button type="submit" class="dropdown-item">Sign out</button>
                </form>
              </div>
            </li>
          </ul>
        </div>"""
