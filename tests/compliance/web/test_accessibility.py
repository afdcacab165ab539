"""Every page's HTML meets the basics: language, title, one h1 and no skipped heading
levels, a working skip link, a label for every field, header cells in every table, and
a text alternative for every chart."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from compliance.services.calendar_feeds import create_calendar_feed
from tests.compliance.web.conftest import grow


class PageOutline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = ""
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.tables = 0
        self.header_cells_per_table: list[int] = []
        self.svgs: list[dict] = []
        self.skip_href = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") not in ("hidden", "submit", "button"):
                self.fields.append(a)
        elif tag == "table":
            self.tables += 1
            self.header_cells_per_table.append(0)
        elif tag == "th":
            self.header_cells_per_table[-1] += 1
        elif tag == "svg" and a.get("role") == "img":
            self.svgs.append(a)
        elif tag == "a" and "skip-link" in (a.get("class") or ""):
            self.skip_href = a.get("href")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def check(html: str) -> list[str]:
    page = PageOutline()
    page.feed(html)
    problems = []
    if page.lang != "en-GB":
        problems.append("no lang")
    if not page.title.strip():
        problems.append("no title")
    if page.headings.count(1) != 1 or page.headings[0] != 1:
        problems.append(f"h1 not first and only: {page.headings}")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skipped: h{before} to h{after}")
    if page.skip_href != "#main-content" or "main-content" not in page.ids:
        problems.append("skip link missing or broken")
    for field in page.fields:
        named = field.get("id") in page.label_for or field.get("aria-label")
        if not named and not field.get("aria-labelledby"):
            problems.append(f"field without a label: {field}")
    if any(n == 0 for n in page.header_cells_per_table):
        problems.append("table without header cells")
    for svg in page.svgs:
        if not svg.get("aria-labelledby") and not svg.get("aria-label"):
            problems.append("chart without a text alternative")
    return problems


@pytest.fixture
def pages(world, today):
    made = grow(world.home, inspections=3, requirements=4, today=today)
    requirement = made[0]
    return {
        "manager": [
            reverse("dashboard"),
            reverse("dashboard") + "?status=nonsense",
            reverse("home-list"),
            reverse("home-detail", kwargs={"urn": world.home.urn}),
            reverse("home-compare", kwargs={"urn": world.home.urn}),
            reverse("requirement-detail", kwargs={"pk": requirement.pk}),
            reverse("provider-list"),
            reverse("provider-detail", kwargs={"pk": world.provider.pk}),
            reverse("regulation-list"),
            reverse("regulation-detail", kwargs={"number": 12}),
            reverse("calendar-settings"),
            reverse("requirement-detail", kwargs={"pk": 999999}),  # the 404 page
        ],
        "regulator": [
            reverse("dashboard"),
            reverse("import-report"),
            reverse("requirement-detail", kwargs={"pk": requirement.pk}),
        ],
        None: [
            reverse("signin"),
            reverse("password_reset"),
            reverse("password_reset_done"),
            reverse("password_reset_complete"),
        ],
    }


def test_every_page_meets_the_basics(client, world, pages):
    found = {}
    for role, urls in pages.items():
        if role:
            client.force_login(getattr(world, role))
        else:
            client.logout()
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), url
            problems = check(response.content.decode())
            if problems:
                found[(role, url)] = problems
    assert found == {}


def test_forms_with_errors_meet_the_basics(client, world, pages):
    client.force_login(world.manager)
    requirement_url = pages["manager"][5]
    response = client.post(requirement_url, {"action": "status"})
    assert check(response.content.decode()) == []
    html = response.content.decode()
    # The error summary links to the fields, and fields point at their errors.
    assert 'href="#id_to_status"' in html and 'id="id_to_status"' in html
    assert 'aria-describedby="id_note_helptext id_note_error"' in html
    assert 'aria-invalid="true"' in html
    client.logout()
    assert check(client.post(reverse("signin"), {}).content.decode()) == []
    create_calendar_feed(user=world.manager)
    client.force_login(world.manager)
    created = client.post(reverse("calendar-settings"), {"action": "create"})
    assert check(created.content.decode()) == []


def test_the_checker_finds_problems():
    broken = (
        "<html><head><title>x</title></head><body><h2>a</h2><h1>b</h1><h1>c</h1><h4>d</h4>"
        '<input type="text" id="q"><table><tr><td>1</td></tr></table>'
        '<svg role="img"></svg></body></html>'
    )
    problems = check(broken)
    assert len(problems) == 7, problems
