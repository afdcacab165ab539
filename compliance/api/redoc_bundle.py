"""ReDoc's bundle, served with its one network address taken out.

The vendored bundle (drf-spectacular-sidecar) shows a Redocly logo from
https://cdn.redoc.ly; the app loads nothing from a CDN, so the bundle is served from here
with that address blanked (the image then fails, and ReDoc hides it)."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import require_GET

BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@cache
def bundle_text() -> str:
    with open(finders.find(BUNDLE), encoding="utf-8") as file:
        return file.read().replace(CDN_LOGO, "")


@require_GET
def redoc_bundle(request):
    response = HttpResponse(bundle_text(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
