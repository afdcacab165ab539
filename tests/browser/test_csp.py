"""Every page works under the Content-Security-Policy (no inline script or style): the
dashboard's pages, the admin, Swagger UI and ReDoc render, with no CSP violation reported
by the browser, neither as a securitypolicyviolation event nor on the console."""

import pytest

from tests.browser.conftest import sign_in
from tests.compliance.web.conftest import grow

# Playwright's init scripts are not subject to the page's CSP; this one records every
# violation the page meets from its very first byte.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(new_page):
    def open_watched():
        page = new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        console = []
        page.on(
            "console",
            lambda msg: console.append(msg.text) if msg.type in ("error", "warning") else None,
        )
        return page, console

    return open_watched


def assert_no_violations(page, console, *, allowed: str | None = None):
    violations = [v for v in page.evaluate("window.__csp") if not (allowed and allowed in v)]
    assert violations == [], violations
    refused = [
        line
        for line in console
        if "Content Security Policy" in line and not (allowed and allowed in line)
    ]
    assert refused == [], refused


@pytest.fixture
def requirement(world):
    return grow(world.home, inspections=1, requirements=2)[0]


def test_the_dashboard_pages_work_under_the_csp(watched, world, requirement):
    page, console = watched()
    page.goto("/signin/")
    # A former inline style (max-width:36em), now a class in app.css, still applies.
    assert page.evaluate("getComputedStyle(document.querySelector('main div')).maxWidth") != (
        "none"
    )
    sign_in(page, "regulator")
    for path in (
        "/",
        "/?status=all",
        "/homes/",
        f"/homes/{world.home.urn}/",
        f"/requirements/{requirement.pk}/",
        "/providers/",
        f"/providers/{world.provider.pk}/",
        "/regulations/",
        "/regulations/12/",
        "/import/",
        "/calendar/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").first.is_visible(), path
    assert_no_violations(page, console)


def test_htmx_filtering_works_under_the_csp(watched, world, requirement):
    page, console = watched()
    sign_in(page, "manager")
    page.goto("/")
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#requirement-results").is_visible()
    assert_no_violations(page, console)


def test_the_admin_works_under_the_csp(watched, world):
    page, console = watched()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Site administration").is_visible()
    page.goto("/admin/providers/provider/")
    assert page.locator("#result_list").is_visible()
    assert_no_violations(page, console)


def test_swagger_ui_works_under_the_csp(watched, db):
    page, console = watched()
    assert page.goto("/api/v1/docs/").status == 200
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Children's homes compliance API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() > 10  # the operations were drawn
    assert_no_violations(page, console)


def test_redoc_works_under_the_csp(watched, db):
    page, console = watched()
    assert page.goto("/api/v1/redoc/").status == 200
    page.get_by_role("heading", name="Children's homes compliance API").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-section-id]").count() > 10  # the operations were drawn
    # The bundle is served without its cdn.redoc.ly logo: nothing is refused at all.
    assert_no_violations(page, console)
    assert page.evaluate("window.__csp") == []
