from django.contrib import admin

from .models import Evidence, RequirementEvent


@admin.register(RequirementEvent)
class RequirementEventAdmin(admin.ModelAdmin):
    """Read-only: the history is append-only, for admins too."""

    list_display = ["requirement", "kind", "from_status", "to_status", "actor_name", "created_at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["requirement__inspection__home__urn", "actor_name", "note"]
    list_select_related = ["requirement__inspection__home"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
