"""Routes of /api/v1/: the resources, their nested lists, imports, changes, tokens, and the
OpenAPI schema with Swagger UI and ReDoc (served from local static files)."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from compliance.api import base, feed, imports
from compliance.api.redoc_bundle import redoc_bundle
from compliance.api.resources import (
    action_plans,
    homes,
    inspections,
    people,
    providers,
    recommendations,
    regulations,
    requirements,
    tokens,
)

app_name = "api"

router = SimpleRouter()
router.register("providers", providers.ProviderViewSet, basename="provider")
router.register("homes", homes.HomeViewSet, basename="home")
router.register("inspections", inspections.InspectionViewSet, basename="inspection")
router.register("requirements", requirements.RequirementViewSet, basename="requirement")
router.register("recommendations", recommendations.RecommendationViewSet, basename="recommendation")
router.register("regulations", regulations.RegulationViewSet, basename="regulation")
router.register("people", people.PersonViewSet, basename="person")
router.register("tokens", tokens.TokenViewSet, basename="token")

LIST = {"get": "list"}
URN = rf"(?P<urn>{base.URN})"

# ReDoc's bundle creates <style> elements itself: an empty one that styled-components then
# fills through the CSSOM (which CSP does not restrict), and perfect-scrollbar's fixed CSS.
# Those two exact contents are allowed by hash on this page only; no 'unsafe-inline'. A
# new drf-spectacular-sidecar may change them: tests/browser/test_csp.py then fails and
# its message shows the new hashes.
REDOC_STYLES = {
    "style-src": [
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty string
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",  # perfect-scrollbar
    ]
}


def _list(route: str, viewset, name: str):
    """A nested list (a home's or a provider's rows) served by a resource's viewset."""
    return re_path(route, viewset.as_view(LIST), name=name)


urlpatterns = [
    path("", base.ApiRootView.as_view(), name="root"),
    *router.urls,
    _list(rf"^homes/{URN}/inspections/$", inspections.HomeInspectionViewSet, "home-inspections"),
    _list(
        rf"^homes/{URN}/requirements/$", requirements.HomeRequirementViewSet, "home-requirements"
    ),
    _list(rf"^homes/{URN}/action-plan/$", action_plans.HomeActionPlanViewSet, "home-action-plan"),
    _list(
        rf"^providers/(?P<pk>{base.ID})/action-plan/$",
        action_plans.ProviderActionPlanViewSet,
        "provider-action-plan",
    ),
    path("", include("compliance.duties.api.urls")),  # monitoring duties (issue 15)
    path("changes/", feed.ChangesView.as_view(), name="changes"),
    path("imports/preview/", imports.ImportPreviewView.as_view(), name="import-preview"),
    path("imports/", imports.ImportCommitView.as_view(), name="import"),
    path("schema/", SpectacularAPIView.as_view(urlconf=None), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), not inline.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    path(
        "redoc/",
        csp_update(REDOC_STYLES)(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    # Anything else ending in a slash: 404 in the API's error format, not an HTML page.
    re_path(r"^.*/$", base.NotFoundView.as_view(), name="not-found"),
]
