"""URL routes: the dashboard at /, the REST API at /api/v1/, the admin at /admin/, the
health check at /healthz."""

from django.contrib import admin
from django.urls import include, path

from compliance.health import healthz
from compliance.web.forms import AdminSignInForm

admin.site.site_header = "Children's homes compliance"
admin.site.site_title = "Compliance admin"
# The admin's sign-in counts failures and locks accounts with the dashboard's throttle.
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("compliance.api.urls")),
    path("reminders/", include("compliance.reminders.urls")),
    path("duties/", include("compliance.duties.urls")),  # monitoring duties (issue 15)
    path("", include("compliance.web.urls")),
]
