"""The 500 page is drawn with the site's stylesheets and links, and reads no database."""

from django.test import RequestFactory

from config import urls
from config.error_pages import server_error


def test_the_server_error_page_links_its_stylesheets_without_the_database():
    """No django_db mark: pytest-django refuses any query, so the page reads none."""
    assert urls.handler500 == "config.error_pages.server_error"
    response = server_error(RequestFactory().get("/resources/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "bootstrap.min" in html and "site" in html
    assert 'href=""' not in html  # every stylesheet and link has its URL
