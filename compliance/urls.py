"""URL routes: the dashboard at /, the REST API at /api/v1/, the admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Children's homes compliance"
admin.site.site_title = "Compliance admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("compliance.api.urls")),
    path("reminders/", include("compliance.reminders.urls")),
    path("duties/", include("compliance.duties.urls")),  # monitoring duties (issue 15)
    path("", include("compliance.web.urls")),
]
