"""Routes of /reminders/ (unsubscribe links from reminder emails)."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
