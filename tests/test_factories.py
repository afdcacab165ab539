"""Every model has a factory, and each builds a row the app reads back as it would its own."""

import pytest
from django.apps import apps

from compliance.api.tokens import token_for_key
from compliance.selectors import live_calendar_feed
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_model_of_the_three_apps_has_a_factory():
    models = {
        model
        for label in ("providers", "inspections", "compliance", "duties")
        for model in apps.get_app_config(label).get_models()
    }
    covered = {
        value._meta.model
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, factories.factory.django.DjangoModelFactory)
        and value._meta.model is not None
    }
    assert models - covered == set()


def test_evidence_comes_with_its_event_and_file():
    evidence = factories.EvidenceFactory()
    assert evidence.event.requirement == evidence.requirement
    assert evidence.event.kind == "evidence"
    assert evidence.file.read() == factories.EVIDENCE_BYTES
    assert evidence.uploaded_by == evidence.event.actor


def test_a_reminder_goes_to_the_home_s_registered_manager():
    reminder = factories.ReminderFactory()
    manager = reminder.requirement.inspection.home.registered_manager
    assert (reminder.person, reminder.email) == (manager, manager.email.lower())
    assert reminder.requirement.reminders.get() == reminder


def test_tokens_and_feeds_authenticate_with_the_key_given():
    token = factories.ApiTokenFactory(key="k" * 40)
    assert token_for_key(key="k" * 40) == token
    feed = factories.CalendarFeedFactory(token="secret-feed")
    assert live_calendar_feed(token="secret-feed") == feed


def test_source_documents_and_regulations():
    first, second = factories.SourceDocumentFactory(), factories.SourceDocumentFactory()
    assert first.sha256 != second.sha256
    assert factories.RegulationFactory(number=12).title  # the migration's row, not a new one


def test_duty_records_hang_together():
    action = factories.ActionEvidenceFactory().action
    assert action.home == action.visit.home and action.evidence.count() == 1
    event = factories.DutyEventFactory()
    assert event.record_id and event.home.duty_events.get() == event
    reminder = factories.DutyReminderFactory()
    assert reminder.email == reminder.home.registered_manager.email.lower()
    review = factories.ReviewFactory()
    assert review.period_start < review.period_end < review.completed_on
    notification = factories.NotificationFactory()
    assert notification.duty.kind == "notification" and notification.hmci_notified_at is None
