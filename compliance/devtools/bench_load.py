"""Load benchmark: gunicorn + wrk against England-scale data in PostgreSQL (`make bench-load`).

Builds the `bench_load` database once (generate_demo_data --homes 3500 --years 10 --seed 1, then
ANALYZE) and reuses it; starts gunicorn on loopback; signs in as the manager of the largest
provider; runs wrk per endpoint (4 connections) and a mixed run (16 connections); prints req/s,
p50, p99 and errors beside the framework floor (anonymous sign-in page); all of it twice, with
the read cache on (as deployed) and off (every answer rendered afresh, as just after a write).
Measures; asserts nothing.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from compliance.devtools.processes import PROJECT_DIR, free_port, script_json, wait_for

ROOT = PROJECT_DIR
DB_URL = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
REDIS_URL = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/7")
DURATION = os.environ.get("BENCH_LOAD_DURATION", "10s")
WORKERS = os.environ.get("BENCH_LOAD_WORKERS", "4")
HOMES = os.environ.get("BENCH_LOAD_HOMES", "3500")

MIXED_LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def env() -> dict:
    # A real secret for DEBUG=false; only this process and its gunicorn see it.
    e = dict(os.environ, DATABASE_URL=DB_URL, REDIS_URL=REDIS_URL, DEBUG="false")
    e.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # One user sends thousands of requests a second here; the API throttle would answer 429.
    e.setdefault("API_THROTTLE_USER", "100000000/minute")
    e["DJANGO_SETTINGS_MODULE"] = "compliance.settings"
    return e


def manage(*args, e, capture=False):
    cmd = [sys.executable, "manage.py", *args]
    return subprocess.run(cmd, cwd=ROOT, env=e, check=True, text=True, capture_output=capture)


def ensure_database(e) -> None:
    """Create and fill the database on first use; later runs reuse it."""
    name = DB_URL.rsplit("/", 1)[1]
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()
    if exists:
        done = subprocess.run(
            ["psql", DB_URL, "-tAc", "SELECT count(*) FROM providers_home"],
            text=True,
            capture_output=True,
        ).stdout.strip()
        if done.isdigit() and int(done) > 0:
            # Reused: bring its schema up to date (a new index or kept count migrates in).
            manage("migrate", "--noinput", "-v0", e=dict(e, DEBUG="true"))
            return
    else:
        subprocess.run(["psql", admin, "-c", f'CREATE DATABASE "{name}"'], check=True)
    dev = dict(e, DEBUG="true")
    manage("migrate", "--noinput", e=dev)
    manage("generate_demo_data", "--homes", HOMES, "--years", "10", "--seed", "1", e=dev)
    subprocess.run(["psql", DB_URL, "-c", "ANALYZE"], check=True)


SETUP = """
import django, json
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client
from providers.models import Home, ProviderMembership
m = (ProviderMembership.objects.filter(role="manager")
     .annotate(n=Count("provider__homes")).order_by("-n", "pk").select_related("user").first())
home = Home.objects.filter(provider_id=m.provider_id).order_by("pk").first()
c = Client()
c.force_login(m.user)
name = settings.SESSION_COOKIE_NAME
print(json.dumps({"cookie": f"{name}={c.cookies[name].value}",
                  "homes": m.n, "home_pk": home.pk, "urn": home.urn, "name": home.name}))
"""


def parse(out: str) -> dict:
    def ms(value: str) -> float:
        n, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
        return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"\s50%\s+(\S+)", out)
    p99 = re.search(r"\s99%\s+(\S+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if errs:
        errors += sum(int(g) for g in errs.groups())
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": ms(p50.group(1)) if p50 else 0.0,
        "p99": ms(p99.group(1)) if p99 else 0.0,
        "errors": errors,
    }


def wrk(base, path, cookie, connections, script=None) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [base + path], check=True, text=True, capture_output=True).stdout
    return parse(out)


# The read cache as deployed (on with Redis), then off: what a request costs when the data it
# shows has just changed. BENCH_LOAD_READ_CACHE=on or off runs one of them.
CACHE_MODES = {"on": "60", "off": "0"}


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("bench-load: wrk not found (apt-get install -y wrk)")
    e = env()
    ensure_database(e)
    info = script_json(SETUP, env=e)
    wanted = os.environ.get("BENCH_LOAD_READ_CACHE", "on,off").split(",")
    print(f"largest provider's manager: {info['homes']} homes; {WORKERS} workers; {DURATION} each")
    for mode in wanted:
        rows = run(dict(e, READ_CACHE_SECONDS=CACHE_MODES[mode]), info)
        print(f"\nread cache {mode}")
        print(f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for label, r in rows:
            print(f"{label:28} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['errors']:7d}")


def run(e: dict, info: dict) -> list:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "compliance.wsgi",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=e,
    )
    try:
        wait_for(base + "/healthz", timeout=20)
        since = "2020-01-01T00:00:00Z"
        paths = {
            "overdue list": "/api/v1/requirements/?overdue=true",
            "homes (API)": "/api/v1/homes/",
            "a home (API)": f"/api/v1/homes/{info['urn']}/",
            "its requirements": f"/api/v1/homes/{info['urn']}/requirements/",
            "its summary": f"/api/v1/homes/{info['urn']}/compliance/",
            "changes since": f"/api/v1/changes/?since={since}",
            "dashboard": "/",
            "regulations page": "/regulations/",
            "home page": f"/homes/{info['urn']}/",
            "home search": "/homes/?q=" + urllib.request.quote(info["name"].split()[0]),
        }
        rows = [("floor: anonymous /signin/", wrk(base, "/signin/", None, 4))]
        for label, path in paths.items():
            rows.append((label, wrk(base, path, info["cookie"], 4)))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(MIXED_LUA % ", ".join(f'"{p}"' for p in paths.values()))
        rows.append(("mixed (16 connections)", wrk(base, "/", info["cookie"], 16, script=f.name)))
        os.unlink(f.name)
        return rows
    finally:
        gunicorn.terminate()
        gunicorn.wait(10)


if __name__ == "__main__":
    main()
