"""The resources of /api/v1/. Thin: scope comes from the shared selectors, writes go through
the lifecycle service, and every failure becomes the one error format."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from compliance.api import docs
from compliance.api import serializers as s
from compliance.api.action_plan import action_plan_rows, csv_lines
from compliance.api.base import (
    ID,
    URN,
    ApiMixin,
    CsvRenderer,
    FileRenderer,
    ReadOnlyViewSet,
    detail_schema,
    list_schema,
)
from compliance.api.errors import FieldError
from compliance.api.filters import (
    HomeFilter,
    InspectionFilter,
    PersonFilter,
    ProviderFilter,
    RecommendationFilter,
    RegulationFilter,
    RequirementFilter,
)
from compliance.api.pagination import LateRowPagination
from compliance.api.summaries import home_compliance, provider_compliance
from compliance.api.tokens import create_token, revoke_token
from compliance.models import Evidence, RequirementEvent
from compliance.selectors import (
    inspections_of_home,
    inspections_visible_to,
    people_visible_to,
    providers_visible_to,
    recommendations_visible_to,
    requirements_of_home,
    requirements_visible_to,
)
from compliance.services.evidence import EvidenceError, EvidenceUpload
from compliance.services.lifecycle import (
    LifecycleError,
    add_evidence,
    allowed_steps,
    change_status,
)
from inspections.models import (
    Inspection,
    Recommendation,
    Regulation,
    Requirement,
    RequirementStatus,
)
from providers.access import homes_visible_to, possible_owners
from providers.models import ApiToken, Home, Person, Provider

# -- providers and homes -------------------------------------------------------------------


@extend_schema_view(
    list=list_schema(
        "Providers",
        summary="Providers",
        description="Providers with at least one home you may see.",
        serializer=s.ProviderSerializer,
        example_value=docs.PROVIDER,
    ),
    retrieve=detail_schema(
        "Provider",
        summary="A provider",
        serializer=s.ProviderSerializer,
        example_value=docs.PROVIDER,
    ),
)
class ProviderViewSet(ReadOnlyViewSet):
    serializer_class = s.ProviderSerializer
    queryset = Provider.objects.none()
    filterset_class = ProviderFilter
    search_fields = ["name"]
    search_help = "name"
    ordering_fields = {"name": "name", "id": "pk", "updated_at": "updated_at"}
    ordering = ["name"]

    def get_queryset(self):
        if self.schema_only:
            return Provider.objects.none()
        return providers_visible_to(user=self.request.user)

    @extend_schema(
        summary="A provider's compliance summary",
        description=(
            "Across the provider's homes that you may see: counts (open, due within 14 and "
            "28 days, overdue, awaiting confirmation, met), the same per regulation, homes by "
            "latest full-inspection judgement, repeated breaches, open compliance notices and "
            "people without an email address."
        ),
        filters=False,
        responses={200: s.ProviderComplianceSerializer, **docs.READ_ERRORS},
        examples=[docs.example("Provider compliance", docs.PROVIDER_COMPLIANCE)],
    )
    @action(detail=True, url_path="compliance", url_name="compliance", filter_backends=[])
    def compliance(self, request, pk=None):
        provider = self.get_object()
        list_url = reverse("api:requirement-list", request=request) + f"?provider={provider.pk}"
        summary = provider_compliance(
            user=request.user, provider=provider, today=self.today, list_url=list_url
        )
        return Response(
            s.ProviderComplianceSerializer(summary, context=self.get_serializer_context()).data
        )


@extend_schema_view(
    list=list_schema(
        "Homes", summary="Homes", serializer=s.HomeSerializer, example_value=docs.HOME
    ),
    retrieve=detail_schema(
        "Home",
        summary="A home, by URN",
        serializer=s.HomeSerializer,
        example_value=docs.HOME,
        parameters=[docs.URN_PARAMETER],
    ),
)
class HomeViewSet(ReadOnlyViewSet):
    serializer_class = s.HomeSerializer
    queryset = Home.objects.none()
    lookup_field = "urn"
    lookup_value_regex = URN
    filterset_class = HomeFilter
    search_fields = ["urn", "name", "provider__name"]
    search_help = "URN, home name, provider name"
    ordering_fields = {"urn": "urn", "name": "name", "updated_at": "updated_at"}
    ordering = ["urn"]

    def get_queryset(self):
        if self.schema_only:
            return Home.objects.none()
        return homes_visible_to(user=self.request.user).select_related(
            "provider", "responsible_individual", "registered_manager"
        )

    @extend_schema(
        summary="A home's compliance summary",
        description=(
            "Counts (open, due within 14 and 28 days, overdue, awaiting confirmation, met), "
            "the same per regulation, the latest inspection and latest full inspection with "
            "their judgements, repeated breaches, open compliance notices and people without "
            "an email address."
        ),
        parameters=[docs.URN_PARAMETER],
        filters=False,
        responses={200: s.HomeComplianceSerializer, **docs.READ_ERRORS},
        examples=[docs.example("Home compliance", docs.HOME_COMPLIANCE)],
    )
    @action(detail=True, url_path="compliance", url_name="compliance", filter_backends=[])
    def compliance(self, request, urn=None):
        home = self.get_object()
        list_url = reverse("api:home-requirements", kwargs={"urn": home.urn}, request=request)
        summary = home_compliance(home=home, today=self.today, list_url=list_url)
        return Response(
            s.HomeComplianceSerializer(summary, context=self.get_serializer_context()).data
        )


# -- inspections, requirements, recommendations ------------------------------------------


class HomeScopedMixin:
    """For /homes/{urn}/...: the home must be one the user may see, else 404."""

    def home(self) -> Home | None:
        if "urn" not in self.kwargs:
            return None
        if not hasattr(self, "_home"):
            self._home = get_object_or_404(
                homes_visible_to(user=self.request.user), urn=self.kwargs["urn"]
            )
        return self._home


@extend_schema_view(
    list=list_schema(
        "Inspections",
        summary="Inspections",
        description="Newest first by default.",
        serializer=s.InspectionSerializer,
        example_value=docs.INSPECTION,
    ),
    retrieve=detail_schema(
        "Inspection",
        summary="An inspection",
        serializer=s.InspectionSerializer,
        example_value=docs.INSPECTION,
    ),
)
class InspectionViewSet(HomeScopedMixin, ReadOnlyViewSet):
    serializer_class = s.InspectionSerializer
    queryset = Inspection.objects.none()
    filterset_class = InspectionFilter
    search_fields = ["home__urn", "inspection_type", "enforcement_action"]
    search_help = "home URN, inspection type, enforcement action"
    ordering_fields = {
        "start_date": "start_date",
        "home": "home__urn",
        "id": "pk",
        "updated_at": "updated_at",
    }
    ordering = ["-start_date"]

    def get_queryset(self):
        if self.schema_only:
            return Inspection.objects.none()
        home = self.home()
        if home is not None:
            inspections = inspections_of_home(home=home)
        else:
            inspections = inspections_visible_to(user=self.request.user)
        inspectors = Person.objects.only("pk", "name")
        return inspections.prefetch_related(Prefetch("inspectors", queryset=inspectors))


@extend_schema_view(
    list=list_schema(
        "Home inspections",
        summary="A home's inspections",
        description="Newest first by default.",
        serializer=s.InspectionSerializer,
        example_value=docs.INSPECTION,
    ),
)
class HomeInspectionViewSet(InspectionViewSet):
    pass


@extend_schema_view(
    list=list_schema(
        "Requirements",
        summary="Requirements",
        description=(
            "Statutory requirements, oldest first by default (ordering=-due_date etc. to "
            "change). `due_state` says where each stands against its due date today."
        ),
        serializer=s.RequirementSerializer,
        example_value=docs.REQUIREMENT,
    ),
)
class RequirementListViewSet(
    HomeScopedMixin, ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.RequirementSerializer
    queryset = Requirement.objects.none()
    pagination_class = LateRowPagination
    filterset_class = RequirementFilter
    search_fields = ["citation", "text", "detail", "inspection__home__urn"]
    search_help = "citation, requirement text, detail, home URN"
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

    def get_queryset(self):
        if self.schema_only:
            return Requirement.objects.none()
        home = self.home()
        if home is not None:
            return requirements_of_home(home=home)
        return requirements_visible_to(user=self.request.user)


@extend_schema_view(
    list=list_schema(
        "Home requirements",
        summary="A home's requirements",
        serializer=s.RequirementSerializer,
        example_value=docs.REQUIREMENT,
    ),
)
class HomeRequirementViewSet(RequirementListViewSet):
    pass


ACTION_PLAN_DESCRIPTION = (
    "The requirements, one CSV row each: home, regulation, citation, due date (dd/mm/yyyy), "
    "status, due state, owner and last note, by home and due date. Takes every requirement "
    "filter; without a `status` filter, requirements confirmed as met are left out."
)


def _action_plan_schema(name: str, parameters=()):
    return extend_schema_view(
        list=extend_schema(
            summary=f"{name}'s action plan (CSV)",
            description=ACTION_PLAN_DESCRIPTION,
            parameters=list(parameters),
            responses={
                (200, "text/csv"): OpenApiResponse(
                    OpenApiTypes.STR,
                    description="CSV, UTF-8, one header row.",
                    examples=[docs.example("Action plan", docs.ACTION_PLAN_CSV)],
                ),
                **docs.LIST_ERRORS,
            },
        )
    )


class ActionPlanViewSet(RequirementListViewSet):
    """The requirement list of a home or provider, as a CSV file rather than pages."""

    pagination_class = None
    renderer_classes = [JSONRenderer, CsvRenderer]
    ordering = ["home", "due_date"]

    def scope(self, requirements):
        raise NotImplementedError

    def filename(self) -> str:
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        requirements = self.filter_queryset(self.scope(self.get_queryset()))
        if not request.query_params.get("status"):
            requirements = requirements.exclude(status=RequirementStatus.MET)
        response = StreamingHttpResponse(
            csv_lines(action_plan_rows(requirements=requirements, today=self.today)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response


@_action_plan_schema("A home", parameters=[docs.URN_PARAMETER])
class HomeActionPlanViewSet(ActionPlanViewSet):
    def scope(self, requirements):
        return requirements  # HomeScopedMixin already kept the home's own

    def filename(self) -> str:
        return f"action-plan-{self.home().urn}-{self.today}.csv"


@_action_plan_schema("A provider")
class ProviderActionPlanViewSet(ActionPlanViewSet):
    def scope(self, requirements):
        self.provider = get_object_or_404(
            providers_visible_to(user=self.request.user), pk=self.kwargs["pk"]
        )
        return requirements.filter(inspection__home__provider_id=self.provider.pk)

    def filename(self) -> str:
        return f"action-plan-provider-{self.provider.pk}-{self.today}.csv"


class RequirementViewSet(RequirementListViewSet):
    lookup_value_regex = ID

    def detail_queryset(self):
        """With the history, evidence and owner a requirement's page shows."""
        files = Prefetch("files", queryset=Evidence.objects.order_by("created_at", "pk"))
        events = RequirementEvent.objects.prefetch_related(files).order_by("created_at", "pk")
        return requirements_visible_to(user=self.request.user).prefetch_related(
            Prefetch("events", queryset=events),
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at", "pk")),
        )

    def get_queryset(self):
        if self.action == "retrieve" and not self.schema_only:
            return self.detail_queryset()
        return super().get_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.RequirementDetailSerializer
        return s.RequirementSerializer

    def _detail(self, requirement: Requirement, code=status.HTTP_200_OK, reload=True) -> Response:
        fresh = self.detail_queryset().get(pk=requirement.pk) if reload else requirement
        context = self.get_serializer_context()
        context["allowed_steps"] = allowed_steps(user=self.request.user, requirement=fresh)
        return Response(s.RequirementDetailSerializer(fresh, context=context).data, status=code)

    @extend_schema(
        summary="A requirement, with its history, evidence and the steps you may take",
        responses={200: s.RequirementDetailSerializer, **docs.READ_ERRORS},
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
            "application/json": s.StatusChangeSerializer,
            "multipart/form-data": s.StatusChangeSerializer,
        },
        responses={200: s.RequirementDetailSerializer, **docs.WRITE_ERRORS},
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
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        url_name="status",
        filter_backends=[],
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def change_status(self, request, pk=None):
        requirement = self._scoped()
        form = s.StatusChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        owner = None
        if data.get("owner") is not None:
            owner = (
                possible_owners(home=requirement.inspection.home).filter(pk=data["owner"]).first()
            )
            if owner is None:
                raise FieldError("owner", "No person with this id works for this home's provider.")
        files = _uploads(data.get("files", []))
        try:
            change_status(
                requirement=requirement,
                user=request.user,
                to_status=data["to_status"],
                note=data["note"],
                owner=owner,
                files=files,
            )
        except (LifecycleError, EvidenceError) as exc:
            raise FieldError(exc.field or "non_field_errors", exc.message) from exc
        return self._detail(requirement)

    @extend_schema(
        summary="Attach evidence to a requirement",
        description="Provider staff only. Files: pdf, png, jpg, docx, xlsx, odt, txt, csv.",
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.RequirementDetailSerializer, **docs.WRITE_ERRORS},
        examples=[docs.example("Requirement with its evidence", docs.REQUIREMENT_DETAIL)],
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="evidence",
        url_name="evidence",
        filter_backends=[],
        parser_classes=[MultiPartParser, FormParser],
    )
    def add_evidence(self, request, pk=None):
        requirement = self._scoped()
        form = s.EvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        files = _uploads(form.validated_data["files"])
        try:
            add_evidence(
                requirement=requirement,
                user=request.user,
                files=files,
                note=form.validated_data.get("note", ""),
            )
        except (LifecycleError, EvidenceError) as exc:
            raise FieldError(exc.field or "files", exc.message) from exc
        return self._detail(requirement, code=status.HTTP_201_CREATED)

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
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"evidence/(?P<evidence_id>{ID})",
        url_name="evidence-file",
        filter_backends=[],
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
    try:
        return [EvidenceUpload.from_uploaded_file(f) for f in files]
    except EvidenceError as exc:
        raise FieldError(exc.field, exc.message) from exc


@extend_schema_view(
    list=list_schema(
        "Recommendations",
        summary="Recommendations",
        serializer=s.RecommendationSerializer,
        example_value=docs.RECOMMENDATION,
    ),
    retrieve=detail_schema(
        "Recommendation",
        summary="A recommendation",
        serializer=s.RecommendationSerializer,
        example_value=docs.RECOMMENDATION,
    ),
)
class RecommendationViewSet(ReadOnlyViewSet):
    serializer_class = s.RecommendationSerializer
    queryset = Recommendation.objects.none()
    filterset_class = RecommendationFilter
    search_fields = ["text", "inspection__home__urn"]
    search_help = "recommendation text, home URN"
    ordering_fields = {
        "id": "pk",
        "inspected": "inspection__start_date",
        "updated_at": "updated_at",
    }
    ordering = ["id"]

    def get_queryset(self):
        if self.schema_only:
            return Recommendation.objects.none()
        return recommendations_visible_to(user=self.request.user)


# -- regulations and people -------------------------------------------------------------


@extend_schema_view(
    list=list_schema(
        "Regulations",
        summary="The Children's Homes (England) Regulations 2015",
        serializer=s.RegulationSerializer,
        example_value=docs.REGULATION,
    ),
    retrieve=detail_schema(
        "Regulation",
        summary="A regulation, by number",
        serializer=s.RegulationSerializer,
        example_value=docs.REGULATION,
    ),
)
class RegulationViewSet(ReadOnlyViewSet):
    serializer_class = s.RegulationSerializer
    queryset = Regulation.objects.all()
    filterset_class = RegulationFilter
    search_fields = ["title", "part"]
    search_help = "title, part"
    ordering_fields = {"number": "number"}
    ordering = ["number"]


@extend_schema_view(
    list=list_schema(
        "People",
        summary="People",
        description=(
            "Responsible individuals, registered managers and requirement owners of the homes "
            "you may see; provider managers see everyone at their providers; regulators and "
            "staff admins see everyone, inspectors included."
        ),
        serializer=s.PersonSerializer,
        example_value=docs.PERSON,
    ),
    retrieve=detail_schema(
        "Person", summary="A person", serializer=s.PersonSerializer, example_value=docs.PERSON
    ),
)
class PersonViewSet(ReadOnlyViewSet):
    serializer_class = s.PersonSerializer
    queryset = Person.objects.none()
    filterset_class = PersonFilter
    search_fields = ["name", "email"]
    search_help = "name, email"
    ordering_fields = {"name": "name", "id": "pk", "updated_at": "updated_at"}
    ordering = ["name"]

    def get_queryset(self):
        if self.schema_only:
            return Person.objects.none()
        return people_visible_to(user=self.request.user).select_related("provider")


# -- tokens -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Your API tokens",
        description="Revoked tokens stay listed, with when they were revoked.",
        responses={200: s.TokenSerializer(many=True), **docs.LIST_ERRORS},
        examples=[docs.example("Tokens", docs.TOKEN)],
        filters=False,
    ),
    retrieve=extend_schema(
        summary="One of your API tokens",
        responses={200: s.TokenSerializer, **docs.READ_ERRORS},
        examples=[docs.example("Token", docs.TOKEN)],
        filters=False,
    ),
    create=extend_schema(
        summary="Create an API token",
        description=(
            "The answer holds the key, once: only its SHA-256 is stored. Send it as "
            "`Authorization: Token <key>`."
        ),
        request=s.TokenCreateSerializer,
        responses={201: s.NewTokenSerializer, **docs.WRITE_ERRORS},
        examples=[
            docs.OpenApiExample("Name it", value={"name": "Rota system sync"}, request_only=True),
            docs.example("New token", docs.NEW_TOKEN, status_codes=["201"]),
        ],
        filters=False,
    ),
    destroy=extend_schema(
        summary="Revoke an API token",
        description="The token stops working at once. Revoking twice is harmless.",
        responses={204: None, **docs.READ_ERRORS},
        filters=False,
    ),
)
class TokenViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.TokenSerializer
    queryset = ApiToken.objects.none()
    lookup_value_regex = ID
    filter_backends = []

    def get_queryset(self):
        if self.schema_only:
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user).order_by("-created_at", "-pk")

    def create(self, request, *args, **kwargs):
        form = s.TokenCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        new = create_token(user=request.user, name=form.validated_data["name"])
        data = {**s.TokenSerializer(new.token).data, "key": new.key}
        return Response(s.NewTokenSerializer(data).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        revoke_token(token=instance)
