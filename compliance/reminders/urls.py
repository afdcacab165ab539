"""Routes of /reminders/ (unsubscribe links from reminder emails)."""

urlpatterns: list = []
