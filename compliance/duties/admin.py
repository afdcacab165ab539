"""Admin views of the duty records. The catalogue and the history are read-only here:
the catalogue comes from data/duties.tsv, the history is append-only."""

from django.contrib import admin

from compliance.admin import ReadOnlyAdmin
from compliance.duties.models import (
    Action,
    ActionEvidence,
    Duty,
    DutyEvent,
    DutyReminder,
    Notification,
    Review,
    Visit,
)


@admin.register(Duty)
class DutyAdmin(ReadOnlyAdmin):
    list_display = ["code", "paragraph", "title", "deadline", "verified", "deadline_verified"]
    list_filter = ["regulation", "kind", "verified", "deadline_verified"]


@admin.register(DutyEvent)
class DutyEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "home", "record_type", "record_id", "kind", "actor_name"]
    list_filter = ["record_type", "kind"]
    list_select_related = ["home"]
    search_fields = ["home__urn", "actor_name"]


@admin.register(DutyReminder)
class DutyReminderAdmin(ReadOnlyAdmin):
    list_display = ["period", "home", "duty", "action", "kind", "email", "status", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["home", "duty", "action"]
    search_fields = ["home__urn", "email"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["home", "visit_date", "independent_person", "sent_to_ofsted_on"]
    list_select_related = ["home"]
    search_fields = ["home__urn", "independent_person"]
    date_hierarchy = "visit_date"


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["home", "period_start", "period_end", "completed_on", "sent_to_ofsted_on"]
    list_select_related = ["home"]
    search_fields = ["home__urn"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["home", "duty", "happened_at", "hmci_notified_at"]
    list_select_related = ["home", "duty"]
    search_fields = ["home__urn"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["home", "source", "text", "due_date", "status"]
    list_filter = ["source", "status"]
    list_select_related = ["home"]
    search_fields = ["home__urn", "text"]


@admin.register(ActionEvidence)
class ActionEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "action", "size", "created_at"]
