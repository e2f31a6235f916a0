"""Two pages that do only what every signed-in page does, for `loadtest.py --floor`.

`signed-in/` passes the middleware, loads the session and the user, and answers "ok";
`layout/` also draws the site's layout (base.html) around nothing. No page of the site can
serve more requests a second than these on the same machine: they are its ceiling.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def signed_in(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


def layout(request):
    return render(request, "base.html")


urlpatterns = [
    path("load-floor/signed-in/", signed_in),
    path("load-floor/layout/", layout),
    path("", include("config.urls")),
]
