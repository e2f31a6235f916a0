"""Check resources' external links: HEAD first, GET when HEAD is refused, a few at a time."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hub.catalog_models import Resource

USER_AGENT = "StateDataHub-LinkCheck/1.0"
RETRY_WITH_GET = {405, 501}


@dataclass
class LinkResult:
    status: int | None
    error: str = ""


def fetch(url: str, timeout: float) -> LinkResult:
    """The HTTP status of a URL (following redirects), or why there is none."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 (the URL is validated http/https)
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
                return LinkResult(response.status)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in RETRY_WITH_GET:
                continue
            return LinkResult(exc.code)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return LinkResult(None, str(reason)[:200] or exc.__class__.__name__)
    return LinkResult(None, "no answer")


def check_links(queryset=None, timeout: float = 10, workers: int = 4) -> dict[str, int]:
    """Fetch every published URL and store status, error and time; returns counts."""
    queryset = queryset if queryset is not None else Resource.objects.published()
    targets = list(queryset.exclude(url="").values_list("pk", "url"))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda t: (t[0], fetch(t[1], timeout)), targets))
    now = timezone.now()
    with transaction.atomic():
        for pk, result in results:
            Resource.objects.filter(pk=pk).update(
                link_status=result.status, link_error=result.error, link_checked_at=now
            )
    broken = sum(1 for _, r in results if r.error or (r.status or 0) >= 400)
    return {"checked": len(results), "broken": broken}
