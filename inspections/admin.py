from django.contrib import admin

from .models import (
    Inspection,
    Recommendation,
    Regulation,
    Requirement,
    SourceDocument,
)

# Status, owner and the resolution links are read-only here: they change only through the
# lifecycle service (compliance.services.lifecycle) and the resolution of later
# inspections, which check roles and write the history. The admin corrects report facts.
LIFECYCLE_FIELDS = ["status", "owner", "resolved_by", "replaced_by", "resolution_undone_for"]


class RequirementInline(admin.TabularInline):
    model = Requirement
    fk_name = "inspection"
    extra = 0
    fields = ["sequence", "citation", "due_date", "compliance_notice", "status"]
    readonly_fields = ["sequence", "citation", "status"]
    show_change_link = True


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["sequence", "text", "guide_page", "guide_paragraph"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = [
        "home",
        "provider",
        "inspection_type",
        "start_date",
        "overall_experiences",
        "help_and_protection",
        "leadership_and_management",
        "outcome",
        "known_from_history_only",
    ]
    list_filter = [
        "inspection_type",
        "known_from_history_only",
        "overall_experiences",
        "leadership_and_management",
        "outcome",
    ]
    search_fields = ["home__urn", "home__name", "home__provider__name", "inspectors__name"]
    date_hierarchy = "start_date"
    list_select_related = ["home", "home__provider"]
    autocomplete_fields = ["home", "inspectors"]
    readonly_fields = ["source_document", "created_at", "updated_at"]
    inlines = [RequirementInline, RecommendationInline]

    @admin.display(ordering="home__provider__name")
    def provider(self, obj):
        return obj.home.provider


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = [
        "citation",
        "home_urn",
        "inspection_date",
        "due_date",
        "compliance_notice",
        "status",
    ]
    list_filter = ["status", "compliance_notice", "regulation", "inspection__inspection_type"]
    search_fields = [
        "inspection__home__urn",
        "inspection__home__name",
        "inspection__home__provider__name",
        "citation",
        "text",
    ]
    date_hierarchy = "due_date"
    list_select_related = ["inspection__home", "regulation"]
    raw_id_fields = ["inspection"]
    readonly_fields = LIFECYCLE_FIELDS

    @admin.display(ordering="inspection__home__urn", description="URN")
    def home_urn(self, obj):
        return obj.inspection.home.urn

    @admin.display(ordering="inspection__start_date", description="inspected")
    def inspection_date(self, obj):
        return obj.inspection.start_date


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "guide_page", "guide_paragraph"]
    search_fields = ["inspection__home__urn", "inspection__home__provider__name", "text"]
    list_select_related = ["inspection__home"]
    raw_id_fields = ["inspection"]


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "part", "title_verified"]
    list_filter = ["title_verified", "part"]
    search_fields = ["=number", "title"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "format", "size", "sha256", "created_at"]
    list_filter = ["format"]
    search_fields = ["original_name", "sha256", "inspections__home__urn"]
    # The stored file is shown by name only: media is never served from a public URL.
    readonly_fields = [
        "stored_file",
        "original_name",
        "sha256",
        "size",
        "format",
        "extract",
        "warnings",
        "created_at",
    ]
    exclude = ["file"]

    @admin.display(description="stored file")
    def stored_file(self, obj):
        return obj.file.name

    def has_add_permission(self, request):
        return False  # reports come in through the importer, which parses them
