"""Routes of the duty resources under /api/v1/ (included from compliance/api/urls.py)."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from compliance.api.base import URN
from compliance.duties.api import views as api

router = SimpleRouter()
router.register("duty-visits", api.VisitViewSet, basename="duty-visit")
router.register("duty-reviews", api.ReviewViewSet, basename="duty-review")
router.register("duty-notifications", api.NotificationViewSet, basename="duty-notification")
router.register("duty-actions", api.ActionViewSet, basename="duty-action")

urlpatterns = [
    re_path(rf"^homes/(?P<urn>{URN})/duties/$", api.HomeDutiesView.as_view(), name="home-duties"),
    *router.urls,
]
