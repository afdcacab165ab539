"""`make screenshots`: PNGs of the main pages, and of every email (email_renders.py), at
desktop and phone widths, for review.

Builds sample data in a throw-away SQLite database, serves the app on loopback with
`runserver`, signs in through the real sign-in page as each role and saves each page to
var/screenshots/<name>-desktop.png and -phone.png. Needs Debian's chromium.

    python -m compliance.devtools.screenshots [--out var/screenshots] [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from compliance.devtools import SAMPLE_PASSWORD
from compliance.devtools.processes import PROJECT_DIR, free_port, script_json, wait_for

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def prepare_database(env: dict, seeds: Path | None, emails: Path) -> dict:
    """Migrate, build the sample world and import a seed report; returns ids for URLs."""
    script = f"""
import django, json
django.setup()
from compliance.rules import today_in_london
from compliance.devtools.sample_world import build_sample_world
from inspections.models import Requirement
world = build_sample_world(today=today_in_london())
from pathlib import Path
from compliance.devtools.email_renders import write_emails
emails = write_emails(Path({str(emails)!r}), today=today_in_london())
home = world.first_home
req = (Requirement.objects.filter(inspection__home__provider=home.provider_id,
       status__in=["open", "in_progress"], replaces__isnull=False).order_by("due_date").first()
       or Requirement.objects.filter(inspection__home__provider=home.provider_id).first())
home = req.inspection.home
print(json.dumps({{"urn": home.urn, "provider": home.provider_id, "requirement": req.pk,
                  "regulation": req.regulation_id, "seeds": {str(seeds) if seeds else ""!r},
                  "emails": emails}}))
"""
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "migrate", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    return script_json(script, env=env)


def shoot(base: str, out: Path, ids: dict) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    seed = next(iter(sorted(Path(ids["seeds"]).glob("*.txt"))), None) if ids["seeds"] else None
    pages = {
        "manager": [
            ("dashboard", "/"),
            ("dashboard-overdue", "/?due=overdue"),
            ("home", f"/homes/{ids['urn']}/"),
            ("requirement", f"/requirements/{ids['requirement']}/"),
            ("provider", f"/providers/{ids['provider']}/"),
            ("calendar", "/calendar/"),
        ],
        "ri": [("dashboard-ri", "/")],
        "regulator": [
            ("dashboard-regulator", "/"),
            ("home-search", "/homes/?sort=overdue"),
            ("compare", f"/homes/{ids['urn']}/compare/"),
            ("regulations", "/regulations/"),
            ("regulation", f"/regulations/{ids['regulation']}/"),
            ("import", "/import/"),
        ],
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for size_name, (width, height) in SIZES.items():
            for role, targets in pages.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(base + "/signin/")
                if role == "manager" and size_name == "desktop":
                    saved.append(_save(page, out, "signin", size_name))
                page.fill("#id_username", role)
                page.fill("#id_password", SAMPLE_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(base + "/")
                for name, path in targets:
                    page.goto(base + path)
                    saved.append(_save(page, out, name, size_name))
                if role == "manager":
                    page.goto(base + f"/requirements/{ids['requirement']}/")
                    page.click("text=Save the new status")  # no choice, no note: errors
                    saved.append(_save(page, out, "requirement-errors", size_name))
                if role == "regulator" and seed is not None:
                    page.goto(base + "/import/")
                    page.set_input_files("#id_report", str(seed))
                    page.click("text=Preview the import")
                    saved.append(_save(page, out, "import-preview", size_name))
                context.close()
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in ids["emails"].items():
                page.goto(Path(path).as_uri())
                saved.append(_save(page, out, name, size_name))
            context.close()
        browser.close()
    return saved


def _save(page, out: Path, name: str, size_name: str) -> Path:
    path = out / f"{name}-{size_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "var" / "screenshots")
    parser.add_argument("--seeds", type=Path, default=PROJECT_DIR.parent / "shared" / "seeds")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as work:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "compliance.settings",
            "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
            "MEDIA_ROOT": f"{work}/media",
            "DEBUG": "true",  # runserver serves the static files
            "EMAIL_URL": "consolemail://",
        }
        env.pop("REDIS_URL", None)
        seeds = args.seeds if args.seeds.is_dir() else None
        ids = prepare_database(env, seeds, Path(work) / "emails")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/signin/")
            saved = shoot(base, args.out, ids)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for path in saved:
        print(path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path)
    print(f"{len(saved)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
