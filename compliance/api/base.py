"""What every endpoint of /api/v1/ shares: today's date in London, input free of NUL
characters, errors always in JSON, the schema helpers; and the index and catch-all 404."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from compliance.api import docs
from compliance.api.errors import FieldError, not_found_response
from compliance.readcache.api import CachedReadsMixin
from compliance.rules import today_in_london

ID = r"[0-9]{1,10}"
URN = r"[A-Za-z0-9]{1,20}"


class CsvRenderer(BaseRenderer):
    """Lets `Accept: text/csv` through content negotiation; the view writes the body."""

    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfRenderer(CsvRenderer):
    """Lets `Accept: application/pdf` (or `?format=pdf`) through; the view writes the PDF."""

    media_type = "application/pdf"
    format = "pdf"


class FileRenderer(CsvRenderer):
    media_type = "application/octet-stream"
    format = "file"


class ApiMixin:
    """What every endpoint shares: today's date in London, NUL-free input, JSON errors."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.query_params.lists():
            if any("\x00" in v for v in values) or "\x00" in name:
                raise FieldError(name, "Contains a NUL character.")
        self._refuse_unknown_parameters(request)
        self.today = today_in_london()

    def _refuse_unknown_parameters(self, request) -> None:
        """A list's query parameters are its filters, search, ordering and paging: any other
        (a misspelt `statuss`) is a 400 naming it, never silently ignored."""
        if getattr(self, "action", None) != "list":
            return
        known = {"format"}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            known |= set(filterset.base_filters)
        if getattr(self, "searched", None):
            known.add("search")
        if getattr(self, "ordering_fields", None):
            known.add("ordering")
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            known |= {
                paginator.page_query_param,
                paginator.page_size_query_param,
                getattr(paginator, "count_query_param", "count"),
            }
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise FieldError(
                unknown[0],
                f"Unknown parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"This list takes: {', '.join(sorted(known - {'format'}))}.",
            )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = getattr(self, "today", None) or today_in_london()
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON, whatever format the endpoint itself answers in.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response

    @property
    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def valid_input(self, form_class) -> dict:
        """The request's data, validated by `form_class` (else a 400 naming the fields)."""
        form = form_class(data=self.request.data)
        form.is_valid(raise_exception=True)
        return form.validated_data


def item_action(path: str, *, url_name: str = "", **kwargs):
    """An action on one object that takes no list filters: `path` is its URL and name."""
    return action(
        detail=True, url_path=path, url_name=url_name or path, filter_backends=[], **kwargs
    )


def list_schema(name: str, *, summary: str, serializer, example_value, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        responses={200: serializer(many=True), **docs.LIST_ERRORS},
        examples=[docs.example(name, example_value)],
    )


def detail_schema(name: str, *, summary: str, serializer, example_value, parameters=(), **kwargs):
    return extend_schema(
        summary=summary,
        parameters=list(parameters),
        responses={200: serializer, **docs.READ_ERRORS},
        examples=[docs.example(name, example_value)],
        **kwargs,
    )


def resource_schema(example_value, *, list, detail, description: str = "", detail_parameters=()):
    """The schema of a read-only resource's list and detail, answered with the viewset's
    serializer_class: `list` and `detail` are their summaries; the examples are named after
    the serializer's model ('Homes' and 'Home')."""

    def decorate(viewset):
        common = {"serializer": viewset.serializer_class, "example_value": example_value}
        names = viewset.serializer_class.Meta.model._meta
        return extend_schema_view(
            list=list_schema(
                names.verbose_name_plural.capitalize(),
                summary=list,
                description=description,
                **common,
            ),
            retrieve=detail_schema(
                names.verbose_name.capitalize(),
                summary=detail,
                parameters=detail_parameters,
                **common,
            ),
        )(viewset)

    return decorate


# The rows of `visible()`, what the user may see; none while the schema is drawn. (A
# comment, not a docstring: the schema would take it as the views' description.)
class VisibleRowsMixin:
    def get_queryset(self):
        if self.schema_only:
            return self.queryset.none()
        return self.visible()

    def visible(self):
        return super().get_queryset()


class ReadOnlyViewSet(CachedReadsMixin, VisibleRowsMixin, ApiMixin, viewsets.ReadOnlyModelViewSet):
    # `queryset` (for the schema and DRF's model lookups) is the serializer's model, with
    # no rows: a viewset shows only what its visible() selects.
    lookup_value_regex = ID

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "queryset" not in cls.__dict__ and getattr(cls, "serializer_class", None):
            cls.queryset = cls.serializer_class.Meta.model.objects.none()


ROOT_LINKS = {
    "providers": "providers/",
    "homes": "homes/",
    "inspections": "inspections/",
    "requirements": "requirements/",
    "recommendations": "recommendations/",
    "regulations": "regulations/",
    "people": "people/",
    "duty_visits": "duty-visits/",
    "duty_reviews": "duty-reviews/",
    "duty_notifications": "duty-notifications/",
    "duty_actions": "duty-actions/",
    "changes": "changes/",
    "imports": "imports/",
    "tokens": "tokens/",
    "schema": "schema/",
    "docs": "docs/",
    "redoc": "redoc/",
}


class ApiRootView(ApiMixin, APIView):
    """GET /api/v1/: where everything is."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["index"],
        summary="The API's resources and documents",
        responses={
            200: inline_serializer(
                "ApiRoot", {name: serializers.URLField() for name in ROOT_LINKS}
            ),
            **docs.errors(401, 429),
        },
        examples=[
            docs.example("Root", {name: f"{docs.BASE}/{path}" for name, path in ROOT_LINKS.items()})
        ],
    )
    def get(self, request):
        root = request.build_absolute_uri(reverse("api:root"))
        return Response({name: f"{root}{path}" for name, path in ROOT_LINKS.items()})


# -- anything else under /api/v1/ -------------------------------------------------------


class NotFoundView(ApiMixin, APIView):
    """Unknown addresses under /api/v1/ answer 404 in the one error format."""

    permission_classes = [permissions.AllowAny]
    schema = None

    def get(self, request, *args, **kwargs):
        return not_found_response()

    post = put = patch = delete = head = options = get
