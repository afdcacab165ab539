"""Dashboard routes of the duties, under /duties/ (included from compliance/urls.py)."""

from django.urls import path

from compliance.duties import views

urlpatterns = [
    path("", views.catalogue, name="duty-catalogue"),
    path("gaps/", views.gaps, name="duty-gaps"),
    path("actions/<int:pk>/", views.action_detail, name="duty-action"),
    path("action-evidence/<int:pk>/", views.action_evidence, name="duty-action-evidence"),
    path("homes/<str:urn>/visits/new/", views.record_visit, name="duty-record-visit"),
    path("homes/<str:urn>/reviews/new/", views.record_review, name="duty-record-review"),
    path(
        "notifications/<int:pk>/times/",
        views.notification_times,
        name="duty-notification-times",
    ),
    path(
        "homes/<str:urn>/notifications/new/",
        views.record_notification,
        name="duty-record-notification",
    ),
]
