"""The server-error page (handler500).

Django's own 500 view draws 500.html with no context processors, so the page got none of
`site_urls` and linked no stylesheet. This one gives it the site's URLs, which read no
database and no session: the error may be theirs."""

from django.http import HttpResponseServerError
from django.template.loader import get_template
from django.views.decorators.csrf import requires_csrf_token

from config.context_processors import site_urls


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(get_template("500.html").render(site_urls(request)))
