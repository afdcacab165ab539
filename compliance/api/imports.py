"""Report import by upload (regulators and staff admins): preview, then commit, through
the same importer service as the import_reports command."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from compliance.api import docs
from compliance.api.base import ApiMixin
from compliance.api.errors import FieldError
from compliance.api.throttling import AnonThrottle, ImportThrottle, UserThrottle
from inspections.importer import ReportImportError, ReportParseError, import_report_bytes
from inspections.reports import ACCEPTED_TYPES
from providers.access import can_import


class ReportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=f"The report: {ACCEPTED_TYPES}.")


class ImportResultSerializer(serializers.Serializer):
    committed = serializers.BooleanField(help_text="False for a preview: nothing was saved.")
    source = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    urn = serializers.CharField()
    inspection_label = serializers.CharField()
    inspection = serializers.CharField(
        allow_null=True, help_text="URL of the inspection (null for a preview)."
    )
    counts = serializers.DictField(child=serializers.IntegerField())
    changes = serializers.ListField(child=serializers.CharField())
    resolutions = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the import does to the home's earlier requirements: raised again "
        "(closed as not met, replaced) or not raised again (closed).",
    )
    warnings = serializers.ListField(child=serializers.CharField())


# -- report import -------------------------------------------------------------------------


class CanImportReports(permissions.BasePermission):
    message = "Only regulators and staff admins import reports."

    def has_permission(self, request, view):
        return can_import(user=request.user)


IMPORT_DESCRIPTION = (
    f"Regulators and staff admins. Upload the report ({ACCEPTED_TYPES}) as `file` in "
    "multipart/form-data. It is parsed and imported by the same service as the "
    "import_reports command, in one transaction. A report that cannot be read is a 400 on "
    "`file` naming the file and the problem."
)


class ImportView(ApiMixin, APIView):
    permission_classes = [permissions.IsAuthenticated, CanImportReports]
    throttle_classes = [UserThrottle, AnonThrottle, ImportThrottle]
    parser_classes = [MultiPartParser, FormParser]
    commit = True

    def post(self, request):
        upload = self.valid_input(ReportUploadSerializer)["file"]
        if upload.size > settings.REPORT_MAX_BYTES:
            limit = settings.REPORT_MAX_BYTES / 1_048_576
            raise FieldError("file", f"{upload.name} is larger than the {limit:.0f} MB limit.")
        try:
            result = import_report_bytes(
                data=upload.read(),
                name=upload.name,
                dry_run=not self.commit,
                user=request.user,
            )
        except (ReportParseError, ReportImportError) as exc:
            raise FieldError("file", f"{exc.source}: {exc.problem}") from exc
        inspection = None
        if self.commit and result.inspection_id:
            inspection = reverse(
                "api:inspection-detail", kwargs={"pk": result.inspection_id}, request=request
            )
        body = {
            "committed": self.commit,
            "source": result.source,
            "outcome": result.outcome,
            "urn": result.urn,
            "inspection_label": result.inspection_label,
            "inspection": inspection,
            "counts": result.counts,
            "changes": result.changes,
            "resolutions": result.resolutions,
            "warnings": result.warnings,
        }
        created = self.commit and result.outcome == "created"
        return Response(
            ImportResultSerializer(body).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


IMPORT_ERRORS = {**docs.WRITE_ERRORS, **docs.errors(403)}


def import_schema(*, summary: str, outcome: str, responses: dict, example):
    """The schema of an upload: what IMPORT_DESCRIPTION says, then `outcome`."""
    return extend_schema(
        summary=summary,
        description=f"{IMPORT_DESCRIPTION} {outcome}",
        request={"multipart/form-data": ReportUploadSerializer},
        responses={**responses, **IMPORT_ERRORS},
        examples=[example],
    )


class ImportPreviewView(ImportView):
    commit = False

    @import_schema(
        summary="Preview a report import",
        outcome="Nothing is saved: the answer says what an import would create or update, "
        "and which earlier requirements of the home it would resolve.",
        responses={200: ImportResultSerializer},
        example=docs.example("Preview", docs.IMPORT_RESULT),
    )
    def post(self, request):
        return super().post(request)


class ImportCommitView(ImportView):
    commit = True

    @import_schema(
        summary="Import a report",
        outcome="201 when it created the inspection, 200 when it updated a known one or "
        "changed nothing (importing twice is harmless).",
        responses={201: ImportResultSerializer, 200: ImportResultSerializer},
        example=docs.example(
            "Imported",
            {
                **docs.IMPORT_RESULT,
                "committed": True,
                "inspection": f"{docs.BASE}/inspections/120/",
            },
        ),
    )
    def post(self, request):
        return super().post(request)
