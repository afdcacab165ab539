"""Routes of the dashboard pages."""

from django.urls import path

from .views import (
    auth,
    calendar,
    dashboard,
    home_name,
    homes,
    imports,
    providers,
    regulations,
    requirements,
    tokens,
)

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # Sign-in, sign-out and password reset (names as Django's auth views expect).
    path("signin/", auth.SignInView.as_view(), name="signin"),
    path("signout/", auth.SignOutView.as_view(), name="signout"),
    path("password-reset/", auth.ResetPasswordView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.ResetPasswordDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.ResetPasswordConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth.ResetPasswordCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Reminder emails link here; keep the name and path stable.
    path("requirements/<int:pk>/", requirements.requirement_detail, name="requirement-detail"),
    path("requirements/owner/", dashboard.set_owner, name="requirements-owner"),
    path("evidence/<int:pk>/", requirements.evidence_download, name="evidence-download"),
    path("homes/", homes.home_list, name="home-list"),
    path("homes/<str:urn>/", homes.home_detail, name="home-detail"),
    path("homes/<str:urn>/compare/", homes.home_compare, name="home-compare"),
    path("homes/<str:urn>/name/", home_name.home_name, name="home-name"),
    path("providers/", providers.provider_list, name="provider-list"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider-detail"),
    path("regulations/", regulations.regulation_list, name="regulation-list"),
    path("regulations/<int:number>/", regulations.regulation_detail, name="regulation-detail"),
    path("import/", imports.import_report, name="import-report"),
    path("import/confirm/", imports.import_confirm, name="import-confirm"),
    path("calendar/", calendar.calendar_settings, name="calendar-settings"),
    path("tokens/", tokens.api_tokens, name="api-tokens"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
