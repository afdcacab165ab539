"""Homes: the search (by URN, name, provider, judgement, overdue count), a home's page with
its whole inspection history, and the comparison of two of its inspections."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404, render

from compliance.counts import compliance_counts
from compliance.readcache.pages import cached_page
from compliance.rules import today_in_london
from compliance.selectors import homes_with_standing, replaces_earlier
from compliance.web import conf
from compliance.web.charts import JudgedInspection, judgement_chart
from compliance.web.comparison import compare_requirements
from compliance.web.forms import CompareForm, HomeSearchForm
from compliance.web.paging import paginate
from compliance.web.presenters import Judgements, judgement_tag, requirement_rows
from compliance.web.views.dashboard import home_standing_rows
from inspections.models import Requirement
from providers.access import can_name_home, homes_visible_to

SORTS = {
    "": ("urn",),
    "overdue": ("-overdue_count", "urn"),
    "provider": ("provider__name", "urn"),
}


@login_required
@cached_page
def home_list(request):
    form = HomeSearchForm(request.GET)
    homes = homes_with_standing(homes=homes_visible_to(user=request.user), today=today_in_london())
    order = SORTS[""]
    if form.is_valid():
        chosen = form.cleaned_data
        # Every word, in any order, in the URN, the home's name or its provider's name:
        # 'partnership care' finds 'Care Partnership Ltd'.
        for word in chosen["q"].split():
            homes = homes.filter(
                Q(urn__icontains=word) | Q(name__icontains=word) | Q(provider__name__icontains=word)
            )
        if chosen["judgement"]:
            homes = homes.filter(judged_overall=chosen["judgement"])
        if chosen["min_overdue"]:
            homes = homes.filter(overdue_count__gte=chosen["min_overdue"])
        order = SORTS[chosen["sort"] or ""]
    pager = paginate(
        request, homes.order_by(*order), per_page=conf.get("DASHBOARD_PAGE_SIZE"), label="Homes"
    )
    return render(
        request,
        "web/home_list.html",
        {"nav": "homes", "form": form, "pager": pager, "rows": home_standing_rows(pager.items)},
    )


def visible_home(request, urn):
    return get_object_or_404(
        homes_visible_to(user=request.user).select_related(
            "provider", "responsible_individual", "registered_manager"
        ),
        urn=urn,
    )


def _judgements(inspection) -> Judgements:
    return Judgements.of(
        overall=inspection.overall_experiences,
        help_and_protection=inspection.help_and_protection,
        leadership=inspection.leadership_and_management,
    )


class InspectionView:
    """An inspection on the home page: its judgements as tags and its findings as rows."""

    def __init__(self, inspection, today):
        self.inspection = inspection
        self.judgements = _judgements(inspection)
        self.outcome = judgement_tag(inspection.outcome)
        self.rows = requirement_rows(inspection.requirements.all(), today=today)
        self.notices = sum(1 for r in self.rows if r.requirement.compliance_notice)
        self.repeats = sum(1 for r in self.rows if r.requirement.repeats_earlier)


@login_required
@cached_page
def home_detail(request, urn):
    home = visible_home(request, urn)
    today = today_in_london()
    # Every inspection, once: the chart, the comparison choices and the timeline use it.
    inspections = list(home.inspections.order_by("-start_date"))
    timeline = paginate(request, inspections, per_page=10, label="Inspections")
    prefetch_related_objects(
        timeline.items,
        Prefetch(
            "requirements",
            queryset=Requirement.objects.select_related("regulation", "owner")
            .annotate(repeats_earlier=replaces_earlier())
            .order_by("sequence"),
        ),
        "recommendations",
        "inspectors",
    )
    judged = [(i, _judgements(i)) for i in inspections if i.overall_experiences]
    chart = judgement_chart(
        [
            JudgedInspection(
                i.start_date,
                i.overall_experiences,
                i.help_and_protection,
                i.leadership_and_management,
            )
            for i, _ in judged
        ]
    )
    reported = [i for i in inspections if not i.known_from_history_only]
    return render(
        request,
        "web/home_detail.html",
        {
            "nav": "homes",
            "home": home,
            "counts": compliance_counts(
                requirements=Requirement.objects.filter(inspection__home=home), today=today
            ),
            "chart": chart,
            "chart_rows": judged,
            "timeline": timeline,
            "inspection_views": [InspectionView(i, today) for i in timeline.items],
            "can_compare": len(reported) >= 2,
            "can_name": can_name_home(user=request.user, home=home),
            "total_inspections": len(inspections),
        },
    )


@login_required
def home_compare(request, urn):
    home = visible_home(request, urn)
    today = today_in_london()
    reported = list(home.inspections.filter(known_from_history_only=False).order_by("-start_date"))
    data = request.GET
    if "earlier" not in data and len(reported) >= 2:
        data = {"earlier": str(reported[1].pk), "later": str(reported[0].pk)}
    form = CompareForm(data, inspections=reported)
    comparison = earlier = later = None
    if len(reported) >= 2 and form.is_valid():
        by_pk = {i.pk: i for i in reported}
        earlier, later = by_pk[form.cleaned_data["earlier"]], by_pk[form.cleaned_data["later"]]
        if earlier.start_date > later.start_date:
            earlier, later = later, earlier
        findings = list(
            Requirement.objects.filter(inspection__in=[earlier, later])
            .select_related("regulation")
            .order_by("sequence")
        )
        rows = {r.requirement.pk: r for r in requirement_rows(findings, today=today)}
        found = compare_requirements(
            earlier=[r for r in findings if r.inspection_id == earlier.pk],
            later=[r for r in findings if r.inspection_id == later.pk],
        )
        comparison = {
            "repeated": [(rows[new.pk], old) for new, old in found.repeated],
            "resolved": [rows[r.pk] for r in found.resolved],
            "new": [rows[r.pk] for r in found.new],
        }
    return render(
        request,
        "web/home_compare.html",
        {
            "nav": "homes",
            "home": home,
            "form": form,
            "enough": len(reported) >= 2,
            "earlier": earlier,
            "later": later,
            "comparison": comparison,
        },
    )
