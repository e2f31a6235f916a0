"""The list page's hand-built HTML escapes every value, like the template did."""

from types import SimpleNamespace

from hub import result_html
from hub.search import FacetValue


def test_facet_links_escape_labels_values_and_urls():
    html = result_html.facet_section(
        "Tags",
        "tag",
        [
            FacetValue('"><script>x</script>', "<b>bold</b>", 3, True, '?tag="a"&q=<i>'),
            FacetValue("gis", "GIS", 1, False, "?tag=gis"),
        ],
    )
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert 'href="?tag=&quot;a&quot;&amp;q=&lt;i&gt;"' in html
    assert 'data-value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert 'aria-current="true"' in html and "Remove filter: " in html
    assert 'data-facet="tag" data-value="gis">GIS <span class="facet-count">(1)</span>' in html
    assert result_html.facet_section("Type", "type", []) == ""


def test_result_rows_escape_every_field(db):
    resource = SimpleNamespace(
        slug="a-b", title="<script>alert(1)</script>", resource_type="tool",
        audience="analysts", provider_name="A & B",
        summary="<img src=x onerror=alert(1)>", tag_list=["<b>t</b>", "gis"],
    )  # fmt: skip
    html = result_html.result_items([resource])
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert '<a href="/resources/a-b/">&lt;script&gt;alert(1)&lt;/script&gt;</a>' in html
    assert "Tool · Analysts · A &amp; B" in html
    assert '<span class="badge text-bg-light border me-1">&lt;b&gt;t&lt;/b&gt;</span>' in html
