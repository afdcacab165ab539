from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count

from .models import Home, Person, Provider, ProviderMembership, User


class ProviderMembershipInline(admin.TabularInline):
    model = ProviderMembership
    extra = 0
    autocomplete_fields = ["provider", "user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_regulator", "is_staff"]
    list_filter = ["is_regulator", "is_staff", "is_superuser", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("Role", {"fields": ["is_regulator"]}),)
    inlines = [ProviderMembershipInline]


class HomeInline(admin.TabularInline):
    model = Home
    extra = 0
    fields = ["urn", "name", "provision_subtype", "capacity", "responsible_individual"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "home_count", "updated_at"]
    search_fields = ["name", "address", "homes__urn"]
    inlines = [HomeInline, ProviderMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(home_count=Count("homes"))

    @admin.display(ordering="home_count", description="homes")
    def home_count(self, obj):
        return obj.home_count


@admin.register(Home)
class HomeAdmin(admin.ModelAdmin):
    list_display = [
        "urn",
        "name",
        "provider",
        "provision_subtype",
        "capacity",
        "responsible_individual",
        "registered_manager",
    ]
    list_filter = ["provision_subtype", "capacity"]
    search_fields = [
        "urn",
        "name",
        "provider__name",
        "responsible_individual__name",
        "registered_manager__name",
    ]
    list_select_related = ["provider", "responsible_individual", "registered_manager"]
    autocomplete_fields = ["provider", "responsible_individual", "registered_manager"]


class NotRemindedFilter(admin.SimpleListFilter):
    title = "reminders"
    parameter_name = "not_reminded"

    def lookups(self, request, model_admin):
        return [("yes", "Not reminded: named on a home, no email")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.cannot_be_reminded()
        return queryset


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "email", "user", "not_reminded", "advance_reminders"]
    list_filter = [
        NotRemindedFilter,
        ("provider", admin.EmptyFieldListFilter),
        ("email", admin.EmptyFieldListFilter),
        "advance_reminders",
    ]
    search_fields = ["name", "email", "provider__name"]
    list_select_related = ["provider", "user"]
    autocomplete_fields = ["provider", "user"]

    def get_queryset(self, request):
        return super().get_queryset(request).named_on_a_home()

    @admin.display(boolean=True, description="not reminded")
    def not_reminded(self, obj):
        """A home's RI or registered manager with no email: reminders cannot reach them."""
        return obj.named_on_home and obj.cannot_be_reminded


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "provider__name"]
    list_select_related = ["user", "provider"]
    autocomplete_fields = ["user", "provider"]
