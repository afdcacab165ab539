"""/api/v1/requirements/ and a home's requirements: the views and their schema. The
representations (list row, detail with history and evidence) are in requirement_rows.py,
what the writes accept in requirement_writes.py; writes go through the lifecycle service,
whose refusals (ServiceError) the exception handler turns into 400s."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from compliance.api import docs
from compliance.api.base import (
    ID,
    ApiMixin,
    FileRenderer,
    VisibleRowsMixin,
    item_action,
    list_schema,
)
from compliance.api.errors import FieldError
from compliance.api.filters import RequirementFilter
from compliance.api.pagination import LateRowPagination
from compliance.api.resources.homes import HomeScopedMixin
from compliance.api.resources.requirement_rows import (
    RequirementDetailSerializer,
    RequirementSerializer,
)
from compliance.api.resources.requirement_writes import (
    EvidenceUploadSerializer,
    StatusChangeSerializer,
    UndoResolutionSerializer,
)
from compliance.models import Evidence, RequirementEvent
from compliance.readcache.api import CachedReadsMixin
from compliance.selectors import requirements_of_home, requirements_visible_to, with_replaced
from compliance.services.evidence import EvidenceUpload
from compliance.services.lifecycle import add_evidence, allowed_steps, change_status
from compliance.services.resolution import undo_resolution
from inspections.models import Requirement
from providers.access import possible_owners


@extend_schema_view(
    list=list_schema(
        "Requirements",
        summary="Requirements",
        description=(
            "Statutory requirements, oldest first by default (ordering=-due_date etc. to "
            "change). `due_state` says where each stands against its due date today."
        ),
        serializer=RequirementSerializer,
        example_value=docs.REQUIREMENT,
    ),
)
class RequirementListViewSet(
    CachedReadsMixin,
    HomeScopedMixin,
    VisibleRowsMixin,
    ApiMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RequirementSerializer
    queryset = Requirement.objects.none()
    pagination_class = LateRowPagination
    filterset_class = RequirementFilter
    searched = {
        "citation": "citation",
        "text": "requirement text",
        "detail": "detail",
        "inspection__home__urn": "home URN",
    }
    ordering_fields = {
        "id": "pk",
        "due_date": "due_date",
        "status": "status",
        "regulation": "regulation_id",
        "home": "inspection__home__urn",
        "inspected": "inspection__start_date",
        "updated_at": "updated_at",
    }
    ordering = ["id"]
    nulls_last = {"due_date"}

    def visible(self):
        home = self.home()
        rows = (
            requirements_of_home(home=home)
            if home is not None
            else requirements_visible_to(user=self.request.user)
        )
        return self.with_links(rows)

    def with_links(self, rows):
        """JSON rows list the earlier requirements each raises again (one more query)."""
        return with_replaced(rows)


@extend_schema_view(
    list=list_schema(
        "Home requirements",
        summary="A home's requirements",
        serializer=RequirementSerializer,
        example_value=docs.REQUIREMENT,
    ),
)
class HomeRequirementViewSet(RequirementListViewSet):
    pass


class RequirementViewSet(RequirementListViewSet):
    lookup_value_regex = ID

    def detail_queryset(self):
        """With the history, evidence and owner a requirement's page shows."""
        files = Prefetch("files", queryset=Evidence.objects.order_by("created_at", "pk"))
        events = RequirementEvent.objects.prefetch_related(files).order_by("created_at", "pk")
        return with_replaced(requirements_visible_to(user=self.request.user)).prefetch_related(
            Prefetch("events", queryset=events),
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at", "pk")),
        )

    def get_queryset(self):
        if self.action == "retrieve" and not self.schema_only:
            return self.detail_queryset()
        return super().get_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return RequirementDetailSerializer
        return RequirementSerializer

    def _detail(self, requirement: Requirement, code=status.HTTP_200_OK, reload=True) -> Response:
        fresh = self.detail_queryset().get(pk=requirement.pk) if reload else requirement
        context = self.get_serializer_context()
        context["allowed_steps"] = allowed_steps(user=self.request.user, requirement=fresh)
        return Response(RequirementDetailSerializer(fresh, context=context).data, status=code)

    @extend_schema(
        summary="A requirement, with its history, evidence and the steps you may take",
        responses={200: RequirementDetailSerializer, **docs.READ_ERRORS},
        examples=[docs.example("Requirement", docs.REQUIREMENT_DETAIL)],
    )
    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object(), reload=False)

    def _scoped(self) -> Requirement:
        return get_object_or_404(
            requirements_visible_to(user=self.request.user), pk=self.kwargs["pk"]
        )

    @extend_schema(
        summary="Move a requirement to another status",
        description=(
            "Provider staff (provider managers, the home's responsible individual and "
            "registered manager) start work (in_progress: needs an owner and a note) and "
            "complete it (action_completed: needs a note and evidence, attached here as "
            "`files` in multipart/form-data, or earlier). Regulators and staff admins confirm "
            "it as met or not_met. Each step is recorded in the requirement's history. A step "
            "you may not take is a 400 on `to_status`."
        ),
        request={
            "application/json": StatusChangeSerializer,
            "multipart/form-data": StatusChangeSerializer,
        },
        responses={200: RequirementDetailSerializer, **docs.WRITE_ERRORS},
        examples=[
            docs.OpenApiExample(
                "Start work",
                value={
                    "to_status": "in_progress",
                    "note": "Rewriting risk assessments",
                    "owner": 32,
                },
                request_only=True,
            ),
            docs.OpenApiExample(
                "Confirm as met (regulator)",
                value={"to_status": "met", "note": "Seen at the monitoring visit."},
                request_only=True,
            ),
            docs.example("Requirement after the step", docs.REQUIREMENT_DETAIL),
        ],
        filters=False,
    )
    @item_action(
        "status", methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser]
    )
    def change_status(self, request, pk=None):
        requirement = self._scoped()
        data = self.valid_input(StatusChangeSerializer)
        owner = None
        if data.get("owner") is not None:
            owner = (
                possible_owners(home=requirement.inspection.home).filter(pk=data["owner"]).first()
            )
            if owner is None:
                raise FieldError("owner", "No person with this id works for this home's provider.")
        files = _uploads(data.get("files", []))
        change_status(
            requirement=requirement,
            user=request.user,
            to_status=data["to_status"],
            note=data["note"],
            owner=owner,
            files=files,
        )
        return self._detail(requirement)

    @extend_schema(
        summary="Attach evidence to a requirement",
        description="Provider staff only. Files: pdf, png, jpg, docx, xlsx, odt, txt, csv.",
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: RequirementDetailSerializer, **docs.WRITE_ERRORS},
        examples=[docs.example("Requirement with its evidence", docs.REQUIREMENT_DETAIL)],
        filters=False,
    )
    @item_action("evidence", methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def add_evidence(self, request, pk=None):
        requirement = self._scoped()
        data = self.valid_input(EvidenceUploadSerializer)
        files = _uploads(data["files"])
        add_evidence(
            requirement=requirement,
            user=request.user,
            files=files,
            note=data.get("note", ""),
        )
        return self._detail(requirement, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Undo a later inspection's resolution of a requirement",
        description=(
            "Regulators and staff admins. A requirement closed by a later inspection (status "
            "raised_again or not_raised_again) goes back to the status it had before, with the "
            "note in its history; that inspection does not resolve it again (a still later "
            "one may). Anything else is a 400."
        ),
        request={"application/json": UndoResolutionSerializer},
        responses={200: RequirementDetailSerializer, **docs.WRITE_ERRORS},
        examples=[
            docs.OpenApiExample(
                "Undo", value={"note": "The interim did not look at staffing."}, request_only=True
            ),
            docs.example("Requirement reopened", docs.REQUIREMENT_DETAIL),
        ],
        filters=False,
    )
    @item_action("undo-resolution", methods=["post"], parser_classes=[JSONParser, FormParser])
    def undo_resolution(self, request, pk=None):
        requirement = self._scoped()
        data = self.valid_input(UndoResolutionSerializer)
        undo_resolution(requirement=requirement, user=request.user, note=data["note"])
        return self._detail(requirement)

    @extend_schema(
        summary="Download an evidence file",
        parameters=[OpenApiParameter("evidence_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file as uploaded."
            ),
            **docs.READ_ERRORS,
        },
        filters=False,
    )
    @item_action(
        rf"evidence/(?P<evidence_id>{ID})",
        url_name="evidence-file",
        methods=["get"],
        renderer_classes=[JSONRenderer, FileRenderer],
    )
    def evidence_file(self, request, pk=None, evidence_id=None):
        requirement = self._scoped()
        evidence = get_object_or_404(Evidence, pk=evidence_id, requirement_id=requirement.pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise NotFound() from exc
        return FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )


def _uploads(files) -> list[EvidenceUpload]:
    # A file that cannot be evidence raises EvidenceError: the exception handler's 400.
    return [EvidenceUpload.from_uploaded_file(f) for f in files]
