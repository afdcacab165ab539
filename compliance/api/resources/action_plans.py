"""Action plans: a home's and a provider's requirements, as CSV (streamed) or as a printable
PDF (`?format=pdf` or `Accept: application/pdf`)."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer

from compliance.api import docs
from compliance.api.action_plan import action_plan_rows, csv_lines
from compliance.api.action_plan_pdf import action_plan_pdf
from compliance.api.base import CsvRenderer, PdfRenderer
from compliance.api.resources.requirements import RequirementListViewSet
from compliance.rules import UNRESOLVED_STATUSES
from compliance.selectors import providers_visible_to

ACTION_PLAN_DESCRIPTION = (
    "The requirements, one CSV row each: home, regulation, citation, due date (dd/mm/yyyy), "
    "status, due state, owner and last note, by home and due date. Takes every requirement "
    "filter; without a `status` filter it lists what is still to do (open, in progress, "
    "confirmed not met, action completed)."
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
                    description="CSV, UTF-8 with a byte-order mark, one header row.",
                    examples=[docs.example("Action plan", docs.ACTION_PLAN_CSV)],
                ),
                (200, "application/pdf"): OpenApiResponse(
                    OpenApiTypes.BINARY,
                    description=(
                        "The same rows as a printable PDF (`?format=pdf`): A4 landscape, the "
                        "home or provider and the date on top, page numbers below."
                    ),
                ),
                **docs.LIST_ERRORS,
            },
        )
    )


class ActionPlanViewSet(RequirementListViewSet):
    """The requirement list of a home or provider, as a CSV file rather than pages."""

    pagination_class = None
    renderer_classes = [JSONRenderer, CsvRenderer, PdfRenderer]
    pdf_shows_home = False  # a provider's plan names each row's home
    ordering = ["home", "due_date"]

    def with_links(self, rows):
        return rows  # the CSV has no column for them

    def scope(self, requirements):
        raise NotImplementedError

    def filename(self) -> str:
        raise NotImplementedError

    def titles(self) -> tuple[str, str]:
        """The PDF's title (what the plan is of) and subtitle."""
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        requirements = self.filter_queryset(self.scope(self.get_queryset()))
        if not request.query_params.get("status"):
            # What is still to do: the same set the dashboard lists by default.
            requirements = requirements.filter(status__in=UNRESOLVED_STATUSES)
        rows = action_plan_rows(requirements=requirements, today=self.today)
        name = self.filename()
        if request.accepted_renderer.format == "pdf":
            title, subtitle = self.titles()
            response = HttpResponse(
                action_plan_pdf(
                    title=title,
                    subtitle=subtitle,
                    rows=rows,
                    today=self.today,
                    with_home=self.pdf_shows_home,
                ),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
            return response
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


@_action_plan_schema("A home", parameters=[docs.URN_PARAMETER])
class HomeActionPlanViewSet(ActionPlanViewSet):
    def scope(self, requirements):
        return requirements  # HomeScopedMixin already kept the home's own

    def filename(self) -> str:
        return f"action-plan-{self.home().urn}-{self.today}"

    def titles(self) -> tuple[str, str]:
        home = self.home()
        return str(home), f"Provider: {home.provider.name}"


@_action_plan_schema("A provider")
class ProviderActionPlanViewSet(ActionPlanViewSet):
    pdf_shows_home = True

    def scope(self, requirements):
        self.provider = get_object_or_404(
            providers_visible_to(user=self.request.user), pk=self.kwargs["pk"]
        )
        return requirements.filter(inspection__home__provider_id=self.provider.pk)

    def filename(self) -> str:
        return f"action-plan-provider-{self.provider.pk}-{self.today}"

    def titles(self) -> tuple[str, str]:
        return self.provider.name, "Every home of the provider that you may see."
