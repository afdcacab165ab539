"""Routes of the dashboard pages."""

from django.urls import path

from . import views

urlpatterns = [
    # Reminder emails link here; keep the name and path stable.
    path("requirements/<int:pk>/", views.requirement_detail, name="requirement-detail"),
]
