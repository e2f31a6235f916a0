"""Load test: wrk against gunicorn on loopback with signed-in users; prints the figures.

Usage: `make load` (or `python scripts/loadtest.py --seconds 30 --connections 16`).
It serves the configured database (DATABASE_URL, or the embedded development one) with
production settings under gunicorn, signs in one session per demo user, and runs wrk twice:
read pages only, then a mix with writes. Each run is bounded in time and stops by itself;
all traffic goes to 127.0.0.1. It reports throughput, p50/p95/p99, errors and each worker's
memory at the start and end.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The backend a password sign-in records in the session (settings.AUTHENTICATION_BACKENDS).
SIGN_IN_BACKEND = "accounts.backends.UserWithAgencyBackend"

# --floor: no session (one SELECT 1); signed in, nothing drawn; signed in, the layout drawn.
FLOOR_PATHS = ["/healthz", "/load-floor/signed-in/", "/load-floor/layout/"]

LUA = r"""
local paths = {PATHS}
local cookies = {COOKIES}
local tokens = {TOKENS}
local counter = 0
request = function()
  counter = counter + 1
  local item = paths[(counter % #paths) + 1]
  local pool = cookies[item.role]
  local who = (counter % #pool) + 1
  local headers = {["Cookie"] = pool[who], ["Host"] = "127.0.0.1"}
  if item.method == "POST" then
    headers["X-CSRFToken"] = tokens[item.role][who]
    headers["X-Autosave"] = "1"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Referer"] = "http://127.0.0.1/"
    return wrk.format("POST", item.path, headers, item.body)
  end
  return wrk.format("GET", item.path, headers)
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write("RESULT " .. string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, '
    .. '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def lua_list(values):
    return "{" + ", ".join(json.dumps(v) for v in values) + "}"


def lua_pools(pools):
    return "{" + ", ".join(f"{role} = {lua_list(v)}" for role, v in pools.items()) + "}"


def lua_paths(items):
    parts = []
    for item in items:
        body = json.dumps(item.get("body", ""))
        parts.append(
            f'{{method = "{item["method"]}", path = {json.dumps(item["path"])}, '
            f'body = {body}, role = "{item.get("role", "reader")}"}}'
        )
    return "{" + ", ".join(parts) + "}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(host, port) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def prepare_environment(use_redis=True):
    """Production settings on the configured (or embedded development) database."""
    if not os.environ.get("DATABASE_URL"):
        from config.devdb import embedded_database_url

        os.environ["DATABASE_URL"] = embedded_database_url()
    os.environ.pop("DJANGO_DEBUG", None)
    if not use_redis:
        os.environ.pop("REDIS_URL", None)
    elif not os.environ.get("REDIS_URL") and redis_answers("127.0.0.1", 6379):
        # As in production (docker-compose): one cache shared by the workers. A fresh key
        # prefix per run, so nothing cached by an earlier run is served.
        os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/0"
        os.environ["CACHE_KEY_PREFIX"] = f"hub-load-{secrets.token_hex(4)}"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update(
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        STATIC_ROOT=tempfile.mkdtemp(prefix="hub-static-"),
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="config.settings",
    )


def signed_in_sessions():
    """Sessions made as a login would: readers (reviewers and curators, who may open every
    page requested) and writers (agency leaders made for the run, who answer the survey)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from accounts.models import Agency, User

    if SIGN_IN_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        raise SystemExit(f"{SIGN_IN_BACKEND} is not in AUTHENTICATION_BACKENDS: update it here.")
    readers = list(
        User.objects.filter(is_active=True, groups__name__in=["Sharing reviewers", "Hub curators"])
        .distinct()
        .order_by("pk")[:20]
    )
    if not readers:
        raise SystemExit("No reviewer or curator: run `make setup` (or seed_demo) first.")
    leaders = Group.objects.get(name="Agency leaders")
    writers = []
    for n, agency in enumerate(Agency.objects.order_by("code")[:8]):
        user, _ = User.objects.get_or_create(
            email=f"load-leader-{n}@example.ct.gov",
            defaults={"first_name": "Load", "last_name": f"Leader {n}", "agency": agency},
        )
        user.groups.add(leaders)
        writers.append(user)
    cookies, tokens = {"reader": [], "writer": []}, {"reader": [], "writer": []}
    # One session per connection, cycling through the users, as separate browsers would.
    pools = (("reader", readers * (16 // len(readers) + 1)), ("writer", writers))
    for role, users in pools:
        for user in users[:16]:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = SIGN_IN_BACKEND
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            token = _get_new_csrf_string()
            cookies[role].append(f"sessionid={session.session_key}; csrftoken={token}")
            tokens[role].append(token)
    return readers + writers, cookies, tokens


def discover_paths():
    """Read pages and writes from whatever the database holds, app by app."""
    from scripts.loadtest_paths import read_paths, write_paths

    return read_paths(), write_paths()


def worker_memory(master_pid):
    import psutil

    master = psutil.Process(master_pid)
    return {child.pid: child.memory_info().rss for child in master.children()}


def run_wrk(base, items, cookies, tokens, seconds, connections, threads):
    script = LUA.replace("{PATHS}", lua_paths(items))
    script = script.replace("{COOKIES}", lua_pools(cookies)).replace("{TOKENS}", lua_pools(tokens))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    result = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
         "--timeout", "5s", "-s", handle.name, base],
        capture_output=True, text=True, timeout=seconds + 60,
    )  # fmt: skip
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit("wrk failed:\n" + result.stdout + result.stderr)
    return json.loads(line[len("RESULT ") :])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to check, not one to follow (to the sign-in page, say)."""

    def redirect_request(self, *args, **kwargs):
        return None


def check_each_path(base, items, cookies):
    """Every page answers 200 and every write 2xx, redirects not followed: a session the
    server does not accept is sent to the sign-in page (302), which wrk would count as a
    success (it counts only 4xx/5xx), and a fast one."""
    opener = urllib.request.build_opener(_NoRedirect)
    bad = []
    for item in items:
        cookie = cookies[item.get("role", "reader")][0]
        data = item.get("body", "").encode() if item["method"] == "POST" else None
        token = cookie.split("csrftoken=")[1]
        request = urllib.request.Request(  # noqa: S310 (loopback only)
            base + item["path"], data=data, method=item["method"],
            headers={"Cookie": cookie, "X-CSRFToken": token, "Referer": base + "/",
                     "X-Autosave": "1", "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        try:
            with opener.open(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        ok = status == 200 if item["method"] == "GET" else 200 <= status < 300
        if not ok:
            bad.append((item["method"], item["path"], status))
    return bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--per-path", action="store_true", help="also measure each path alone (5 s each)"
    )
    parser.add_argument(
        "--floor", action="store_true",
        help="also measure the ceiling: /healthz, and two pages that only sign in and draw the "
        "layout (scripts/load_floor_urls.py), 5 s each",
    )  # fmt: skip
    parser.add_argument(
        "--no-redis", action="store_true",
        help="each worker keeps its own memory cache, even if a Redis answers on loopback",
    )  # fmt: skip
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    prepare_environment(use_redis=not args.no_redis)
    users, cookies, tokens = signed_in_sessions()
    reads, writes = discover_paths()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, check=True)  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = open(tempfile.mktemp(prefix="hub-load-", suffix=".log"), "w")  # noqa: SIM115, S306
    if args.floor:
        os.environ["DJANGO_SETTINGS_MODULE"] = "scripts.load_floor_settings"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers",
         str(args.workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=server_log,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        floor_items = [{"method": "GET", "path": p} for p in FLOOR_PATHS] if args.floor else []
        bad = check_each_path(base, reads + writes + floor_items, cookies)
        if bad:
            raise SystemExit(f"these paths fail before the run: {bad}")
        # Warm every worker's connection and caches, then measure.
        run_wrk(base, reads, cookies, tokens, 3, args.connections, args.threads)
        memory_start = worker_memory(server.pid)
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.wait(1):
                samples.append(worker_memory(server.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        phases = [("read pages", reads)]
        if writes:
            phases.append(("mixed, with writes", reads + writes))
        results = []
        for name, items in phases:
            figures = run_wrk(base, items, cookies, tokens, args.seconds, args.connections,
                              args.threads)  # fmt: skip
            figures["rps"] = figures["requests"] / figures["seconds"]
            results.append((name, len(items), figures))
        stop.set()
        sampler.join()
        bad = check_each_path(base, reads + writes, cookies)
        if bad:  # the sessions must still be accepted at the end, or the figures lie
            raise SystemExit(f"these paths failed after the run: {bad}")
        per_path = []
        if args.per_path:
            for item in reads + writes:
                f = run_wrk(base, [item], cookies, tokens, 5, args.connections, args.threads)
                per_path.append((item["method"], item["path"], f["requests"] / f["seconds"], f))
        floor = []
        if args.floor:
            for item in floor_items:
                f = run_wrk(base, [item], cookies, tokens, 5, args.connections, args.threads)
                floor.append((item["path"], f["requests"] / f["seconds"], f))
        memory_end = worker_memory(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
        print(f"gunicorn's log: {server_log.name}")

    print(
        f"\nLoad test: {args.workers} gunicorn workers, wrk {args.threads} threads, "
        f"{args.connections} connections, {args.seconds} s per phase, {len(users)} users, "
        f"cache: {'Redis' if os.environ.get('REDIS_URL') else 'per-process memory'}\n"
    )
    print("| phase | paths | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, count, f in results:
        errors = f["status_errors"] + f["socket_errors"]
        print(f"| {name} | {count} | {f['requests']} | {f['rps']:.0f} | {f['p50']:.1f} | "
              f"{f['p95']:.1f} | {f['p99']:.1f} | {f['max']:.1f} | {errors} |")  # fmt: skip
    print("\n| worker | RSS start MB | RSS max MB | RSS end MB |")
    print("|---|---|---|---|")
    for pid, start in sorted(memory_start.items()):
        peak = max([s.get(pid, 0) for s in samples] + [start])
        end = memory_end.get(pid, 0)
        print(f"| {pid} | {start / 2**20:.1f} | {peak / 2**20:.1f} | {end / 2**20:.1f} |")
    if per_path:
        print("\n| path alone | req/s | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|")
        for method, path, rps, f in per_path:
            errors = f["status_errors"] + f["socket_errors"]
            print(f"| {method} {path} | {rps:.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {errors} |")
    if floor:
        print("\n| ceiling: page alone | req/s | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|")
        for path, rps, f in floor:
            errors = f["status_errors"] + f["socket_errors"]
            print(f"| GET {path} | {rps:.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {errors} |")
    read = results[0][2]
    ok = (
        read["rps"] >= 300
        and read["p99"] < 150
        and all(f["status_errors"] + f["socket_errors"] == 0 for _, _, f in results)
    )
    print("\nTarget (read pages): >= 300 req/s, p99 < 150 ms, zero errors:",
          "met" if ok else "NOT met")  # fmt: skip


if __name__ == "__main__":
    main()
