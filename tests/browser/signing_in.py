"""Signing in through the pages, as people do: staff (who need a second factor for the
admin) have an authenticator app and pass the code step."""

from tests import factories
from tests.factories import PASSWORD


def sign_in_through_the_pages(page, user, password=PASSWORD):
    device = factories.give_second_factor(user) if user.is_staff else None
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/accounts/login/code/")
        page.get_by_label("Code").fill(factories.next_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_url("**/")
