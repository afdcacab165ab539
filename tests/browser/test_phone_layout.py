"""At phone widths (320 and 390 px) no text prints over other text: every stacked card's
label fits inside its row, nothing is wider than the screen, and the chart keeps its
newest point. Checked from the element boxes the browser lays out."""

import pytest

from tests.browser.conftest import sign_in
from tests.compliance.web.conftest import grow
from tests.factories import HomeFactory

pytestmark = pytest.mark.browser

# For every stacked table cell: its label's height (the ::before box) against the cell's.
LABEL_OVERFLOWS = """() => {
  const cells = [...document.querySelectorAll('.table--stack td[data-label]')]
    .filter(cell => cell.offsetParent !== null);
  return {
    cells: cells.length,
    overflowing: cells
      .filter(cell => {
        const label = parseFloat(getComputedStyle(cell, '::before').height);
        return label > cell.getBoundingClientRect().height + 1;
      })
      .map(cell => cell.dataset.label),
  };
}"""

# The chart's points, each against the drawing's own box.
POINTS_OUTSIDE = """() => {
  const svg = document.querySelector('svg');
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('circle')].filter(c => {
    const r = c.getBoundingClientRect();
    return r.left < box.left - 0.5 || r.right > box.right + 0.5
        || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
  }).length;
}"""


@pytest.fixture
def homes(world):
    grow(world.home, inspections=3, requirements=4)
    for n in range(3):
        grow(HomeFactory(provider=world.provider, urn=f"SC33333{n}"), inspections=1, requirements=2)
    return world


@pytest.mark.parametrize("width", [320, 390])
def test_no_text_overlaps_on_the_pages_phones_show(new_page, homes, width):
    page = new_page(width=width, height=800)
    sign_in(page, "regulator")
    pages = [
        f"/homes/{homes.home.urn}/",  # the judgements table and the chart
        "/regulations/12/",  # long labels: "Open under it"
        "/homes/",
        "/",
        "/regulations/",
        "/providers/",
    ]
    checked = 0
    for path in pages:
        page.goto(path)
        result = page.evaluate(LABEL_OVERFLOWS)
        assert result["overflowing"] == [], f"{path} at {width}px: labels over the next row"
        checked += result["cells"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    assert checked > 50  # the pages did show stacked tables

    page.goto(f"/homes/{homes.home.urn}/")
    assert page.evaluate(POINTS_OUTSIDE) == 0  # the newest point is not cut off


@pytest.mark.parametrize("width", [320, 390])
def test_the_digest_email_fits_a_phone(new_page, world, width):
    import datetime as dt
    import uuid

    from compliance.models import Reminder
    from compliance.reminders.digests import build_digest
    from tests.factories import RequirementFactory

    person = world.home.responsible_individual
    rows = [
        Reminder(
            requirement=RequirementFactory(
                inspection__home=world.home,
                due_date=dt.date(2026, 6, 1),
                citation=f"Regulation 12(2)(a)(v)({n})",
                detail="A long detail about missing-from-home risk assessments " * 3,
            ),
            kind="overdue_14",
            for_date=dt.date(2026, 6, 15),
            email=person.email.lower(),
            person=person,
            roles="responsible individual",
        )
        for n in range(3)
    ]
    message = build_digest(
        email=person.email, reminders=rows, today=dt.date(2026, 6, 15), digest_id=uuid.uuid4()
    )
    page = new_page(width=width, height=800)
    page.set_content(message.alternatives[0][0])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.get_by_text("Owner: No owner yet").count() == 3
