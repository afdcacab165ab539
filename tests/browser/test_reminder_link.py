"""From a reminder email to its requirement: the real sweep sends a digest (locmem email
backend), and the link in its body is followed in the browser, through sign-in."""

import re

import pytest
from django.core import mail

from compliance.reminders.delivery import Delivery, deliver_inline
from compliance.reminders.sweep import sweep
from compliance.rules import today_in_london
from tests.browser.conftest import sign_in
from tests.factories import InspectionFactory, RequirementFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def due_today(world):
    return RequirementFactory(
        inspection=InspectionFactory(home=world.home),
        citation="Regulation 12(1)(2)(a)(v)",
        due_date=today_in_london(),
    )


def test_reminder_link_opens_the_requirement(page, world, due_today, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = sweep()
    outcomes = [outcome for _, outcome in deliver_inline(report.batches)]
    assert outcomes and all(isinstance(o, Delivery) for o in outcomes)

    ri_email = world.home.responsible_individual.email
    (message,) = [m for m in mail.outbox if ri_email in m.to]
    link = re.search(rf"{re.escape(live_server.url)}/requirements/\d+/", message.body).group(0)
    assert link.endswith(f"/requirements/{due_today.pk}/")

    page.goto(link)  # not signed in yet: the sign-in page comes first, then the link's page
    assert "/signin/" in page.url
    sign_in(page, "ri")

    assert page.url == link
    assert page.get_by_role("heading", name="Regulation 12(1)(2)(a)(v)").is_visible()
    assert page.get_by_text("Due today").first.is_visible()
