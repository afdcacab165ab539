"""URL routes: the admin for now; the dashboard and API mount here."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Children's homes compliance"
admin.site.site_title = "Compliance admin"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
