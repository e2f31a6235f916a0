"""Check resources' external links: HEAD first, GET when HEAD is refused, a few at a time.

A link is an address anyone with curator rights can type, so the checker reaches only
public http(s) servers: every hop's host is resolved, refused if any of its addresses is
internal (loopback, private, link-local, reserved...) unless LINK_CHECK_ALLOWED_NETWORKS
holds it, and the connection goes to the address that was checked, not a second lookup.
"""

import http.client
import ipaddress
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config import cache_versions
from hub.catalog_models import Resource

USER_AGENT = "StateDataHub-LinkCheck/1.0"
RETRY_WITH_GET = {405, 501}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
SCHEMES = {"http": 80, "https": 443}
# Characters left as they are when a path is percent-encoded for the request line.
URL_SAFE = "/?#[]@!$&'()*+,;=%:~"


@dataclass
class LinkResult:
    status: int | None
    error: str = ""


class Refused(Exception):
    """The link points where the checker does not go."""


def fetch(url: str, timeout: float) -> LinkResult:
    """The HTTP status of a URL (following allowed redirects), or why there is none."""
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            status, location = _request(url, timeout)
            if status not in REDIRECTS or not location:
                return LinkResult(status)
            url = urljoin(url, location)
        return LinkResult(None, f"more than {MAX_REDIRECTS} redirects")
    except Refused as exc:
        return LinkResult(None, f"refused: {exc}"[:200])
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return LinkResult(None, str(exc)[:200] or exc.__class__.__name__)


def _request(url: str, timeout: float) -> tuple[int, str]:
    """One hop: its status and Location, HEAD first and GET if the server refuses HEAD."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused(f"only http and https links are checked, not {scheme or 'this'!r}")
    if not parts.hostname:
        raise Refused("the link has no host")
    port = parts.port or SCHEMES[scheme]
    addresses = public_addresses(parts.hostname, port)
    target = quote(parts.path or "/", safe=URL_SAFE)
    if parts.query:
        target += "?" + quote(parts.query, safe=URL_SAFE)
    for method in ("HEAD", "GET"):
        connection = _connection(scheme, parts.hostname, port, addresses, timeout)
        try:
            connection.request(method, target, headers={"User-Agent": USER_AGENT})
            response = connection.getresponse()
            status, location = response.status, response.getheader("Location", "")
        finally:
            connection.close()
        if not (method == "HEAD" and status in RETRY_WITH_GET):
            break
    return status, location


def public_addresses(host: str, port: int) -> list[str]:
    """Every address the host resolves to; Refused if any is internal and not allowed."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    allowed = [ipaddress.ip_network(n) for n in settings.LINK_CHECK_ALLOWED_NETWORKS]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone id
        if ip.version == 6 and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if _internal(ip) and not any(ip in network for network in allowed):
            raise Refused(f"{host} is an internal address ({ip})")
    return addresses


def _internal(ip) -> bool:
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def _connection(scheme, host, port, addresses, timeout):
    if scheme == "https":
        return PinnedHTTPSConnection(host, port, addresses=addresses, timeout=timeout)
    return PinnedHTTPConnection(host, port, addresses=addresses, timeout=timeout)


def _connect(addresses, port, timeout) -> socket.socket:
    """A socket to the first of the checked addresses that answers."""
    error = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            error = exc
    raise error


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the addresses already checked; Host header and TLS name stay the host's."""

    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self):
        self.sock = _connect(self.addresses, self.port, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, addresses, timeout):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self):
        sock = _connect(self.addresses, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def check_links(
    queryset=None, timeout: float = 10, workers: int = 4, progress=None
) -> dict[str, int]:
    """Fetch every published URL and store status, error and time; returns counts.
    `progress` (jobs.progress.Progress, when run as a user's task) hears each link checked."""
    queryset = queryset if queryset is not None else Resource.objects.published()
    targets = list(queryset.exclude(url="").values_list("pk", "url"))
    results = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(lambda t: (t[0], fetch(t[1], timeout)), targets):
            results.append(result)
            if progress is not None:
                progress.step(len(results), len(targets), "Checking links")
    if progress is not None:
        progress.step(len(results), len(targets), "Recording the results")
    now = timezone.now()
    with transaction.atomic():
        for pk, result in results:
            Resource.objects.filter(pk=pk).update(
                link_status=result.status, link_error=result.error, link_checked_at=now
            )
        # update() sends no model signal: the catalog's cached counts (the curator's broken
        # links on the home page) are renewed here.
        cache_versions.changed(cache_versions.CATALOG)
    broken = sum(1 for _, r in results if r.error or (r.status or 0) >= 400)
    return {"checked": len(results), "broken": broken}
