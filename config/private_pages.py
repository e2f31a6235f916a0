"""Pages are never kept by browsers' or proxies' caches (`Cache-Control: private, no-store`).

Nearly every page shows one agency's or one person's data (a request, a draft response, a
curator's raw answers), and a shared computer or a caching proxy must not keep a copy. A
view that sets its own Cache-Control keeps it; static files (WhiteNoise) carry their own.
"""

from django.utils.cache import patch_cache_control


def private_pages(get_response):
    def middleware(request):
        response = get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
