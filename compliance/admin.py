from django.contrib import admin

from .models import Evidence, Reminder, RequirementEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only history: admins read it and never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RequirementEvent)
class RequirementEventAdmin(ReadOnlyAdmin):
    """Read-only: the history is append-only, for admins too."""

    list_display = ["requirement", "kind", "from_status", "to_status", "actor_name", "created_at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["requirement__inspection__home__urn", "actor_name", "note"]
    list_select_related = ["requirement__inspection__home"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "requirement", "content_type", "size", "created_at"]
    search_fields = ["original_name", "requirement__inspection__home__urn"]
    list_select_related = ["requirement__inspection__home"]
    readonly_fields = [f.name for f in Evidence._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReminderKindFilter(admin.SimpleListFilter):
    """Kinds carry their day count (overdue_21); filter on the family instead."""

    title = "kind"
    parameter_name = "family"

    def lookups(self, request, model_admin):
        return [
            ("advance", "Advance"),
            ("due_today", "On the day"),
            ("overdue", "Overdue"),
            ("escalation", "Escalation"),
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind__startswith=self.value())
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminder ledger, read-only. Failed rows can be put back to planned, for the next
    sweep to send."""

    list_display = [
        "for_date",
        "kind",
        "email",
        "home_urn",
        "requirement",
        "status",
        "attempts",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", ReminderKindFilter, "for_date"]
    search_fields = ["requirement__inspection__home__urn", "email", "person__name"]
    list_select_related = ["requirement__inspection__home"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    date_hierarchy = "for_date"
    actions = ["plan_again"]

    @admin.display(description="URN", ordering="requirement__inspection__home__urn")
    def home_urn(self, obj):
        return obj.requirement.inspection.home.urn

    @admin.display(description="error")
    def short_error(self, obj):
        return obj.error[:80]

    @admin.action(description="Send failed reminders again (next sweep)")
    def plan_again(self, request, queryset):
        count = queryset.filter(status=Reminder.Status.FAILED).update(
            status=Reminder.Status.PLANNED, attempts=0, claim_token=None, lease_until=None
        )
        self.message_user(request, f"{count} failed reminder(s) will be sent by the next sweep.")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
