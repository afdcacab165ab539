"""Routes of /api/v1/: the resources, their nested lists, imports, changes, tokens, and the
OpenAPI schema with Swagger UI and ReDoc (served from local static files)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from compliance.api import base, feed, imports, views

app_name = "api"

router = SimpleRouter()
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("homes", views.HomeViewSet, basename="home")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("requirements", views.RequirementViewSet, basename="requirement")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("regulations", views.RegulationViewSet, basename="regulation")
router.register("people", views.PersonViewSet, basename="person")
router.register("tokens", views.TokenViewSet, basename="token")

LIST = {"get": "list"}
URN = rf"(?P<urn>{base.URN})"

urlpatterns = [
    path("", base.ApiRootView.as_view(), name="root"),
    *router.urls,
    re_path(
        rf"^homes/{URN}/inspections/$",
        views.HomeInspectionViewSet.as_view(LIST),
        name="home-inspections",
    ),
    re_path(
        rf"^homes/{URN}/requirements/$",
        views.HomeRequirementViewSet.as_view(LIST),
        name="home-requirements",
    ),
    re_path(
        rf"^homes/{URN}/action-plan/$",
        views.HomeActionPlanViewSet.as_view(LIST),
        name="home-action-plan",
    ),
    re_path(
        rf"^providers/(?P<pk>{base.ID})/action-plan/$",
        views.ProviderActionPlanViewSet.as_view(LIST),
        name="provider-action-plan",
    ),
    path("", include("compliance.duties.api_urls")),  # monitoring duties (issue 15)
    path("changes/", feed.ChangesView.as_view(), name="changes"),
    path("imports/preview/", imports.ImportPreviewView.as_view(), name="import-preview"),
    path("imports/", imports.ImportCommitView.as_view(), name="import"),
    path("schema/", SpectacularAPIView.as_view(urlconf=None), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    # Anything else ending in a slash: 404 in the API's error format, not an HTML page.
    re_path(r"^.*/$", base.NotFoundView.as_view(), name="not-found"),
]
