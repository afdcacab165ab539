"""Dashboard routes of the duties, under /duties/ (included from compliance/urls.py)."""

from django.urls import path

from compliance.duties import views

urlpatterns = [
    path("", views.catalogue, name="duty-catalogue"),
    path("gaps/", views.gaps, name="duty-gaps"),
    path("homes/<str:urn>/visits/new/", views.record_visit, name="duty-record-visit"),
]
