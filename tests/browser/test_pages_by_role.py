"""Every page of the daily work (issue 13), as each role that uses it, at desktop and phone
width: it answers with its own heading, offers that role what it may do and nothing more,
lays out without text over text or sideways scrolling, and loads nothing from another host.
A role that has no use for a page gets the app's own refusal, never the page."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_phone_layout import LABEL_OVERFLOWS
from tests.compliance.web.conftest import grow

pytestmark = pytest.mark.browser

PROVIDER_STAFF = ("manager", "ri", "rm")
EVERYONE = (*PROVIDER_STAFF, "regulator", "admin", "outsider")
IN_SCOPE = (*PROVIDER_STAFF, "regulator", "admin")


@dataclass(frozen=True)
class Offer:
    """A control found by its role and name, offered only to `roles`."""

    kind: str  # a Playwright ARIA role: link, button, heading
    name: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class PageUse:
    path: str  # formatted with urn, requirement, provider
    roles: tuple[str, ...]  # the roles that use the page; the others are refused
    offers: tuple[Offer, ...] = field(default=())


PAGES = {
    "dashboard": PageUse(
        "/?status=all",
        EVERYONE,
        (Offer("button", "Set the owner", PROVIDER_STAFF),),
    ),
    "home": PageUse(
        "/homes/{urn}/",
        IN_SCOPE,
        (
            Offer("link", "Name this home", ("manager", "admin")),
            Offer("link", "download it (CSV)", IN_SCOPE),
            Offer("link", "print it (PDF)", IN_SCOPE),
        ),
    ),
    "home name": PageUse(
        "/homes/{urn}/name/",
        ("manager", "admin"),
        (Offer("button", "Save the name", ("manager", "admin")),),
    ),
    "home search": PageUse("/homes/?q=sc", EVERYONE),
    "provider": PageUse(
        "/providers/{provider}/",
        IN_SCOPE,
        (Offer("link", "print it (PDF)", IN_SCOPE),),
    ),
    "requirement": PageUse(
        "/requirements/{requirement}/",
        IN_SCOPE,
        (
            Offer("heading", "Reminders", IN_SCOPE),
            Offer("combobox", "Owner", PROVIDER_STAFF),  # staff admins confirm, not own
        ),
    ),
    "regulations": PageUse("/regulations/", EVERYONE),
    "regulation": PageUse("/regulations/12/", EVERYONE),
    "API tokens": PageUse("/tokens/", EVERYONE, (Offer("button", "Create a token", EVERYONE),)),
    "calendar": PageUse("/calendar/", EVERYONE),
    "import": PageUse(
        "/import/",
        ("regulator", "admin"),
        (Offer("button", "Preview the import", ("regulator", "admin")),),
    ),
}


@pytest.fixture
def data(world):
    requirements = grow(world.home, inspections=2, requirements=3)
    grow(world.other_home, inspections=1, requirements=2)
    return {
        "urn": world.home.urn,
        "requirement": next(r for r in requirements if r.status == "open").pk,
        "provider": world.provider.pk,
    }


def foreign_requests(page, origin: str) -> list[str]:
    """Collects every request the page makes to any host but the app's own."""
    seen: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((origin, "data:", "blob:", "about:"))
            else seen.append(request.url)
        ),
    )
    return seen


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("role", EVERYONE)
def test_each_page_as_each_role(new_page, live_server, world, data, role, width):
    page = new_page(width=width, height=900)
    elsewhere = foreign_requests(page, live_server.url)
    sign_in(page, role)
    used = 0
    for name, use in PAGES.items():
        path = use.path.format(**data)
        response = page.goto(path)
        where = f"{name} ({path}) as {role} at {width}px"
        if role not in use.roles:
            assert response.status in (403, 404), where
            assert page.locator("h1").inner_text() in ("Page not found", "You cannot do that"), (
                where
            )
            continue
        used += 1
        assert response.status == 200, where
        assert page.locator("h1").first.is_visible(), where
        for offer in use.offers:
            found = page.get_by_role(offer.kind, name=offer.name, exact=True).count()
            assert bool(found) == (role in offer.roles), f"{where}: {offer.kind} {offer.name!r}"
        assert page.evaluate(LABEL_OVERFLOWS)["overflowing"] == [], where
        assert page.evaluate("document.documentElement.scrollWidth") <= width, where
    assert used >= 6
    assert elsewhere == []


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/", "/signin/"])
def test_the_api_docs_and_sign_in_load_nothing_from_another_host(new_page, live_server, path):
    page = new_page()
    elsewhere = foreign_requests(page, live_server.url)
    page.goto(path)
    page.wait_for_load_state("networkidle")  # ReDoc and Swagger UI fetch the schema, fonts
    assert page.locator("body").inner_text().strip()
    assert elsewhere == []
