"""'My requirements': the page after sign-in. Counts, the filtered requirement list
(overdue first), the user's homes with their standing, and missing reminder emails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from compliance.counts import compliance_counts_of_homes
from compliance.readcache.pages import cached_page
from compliance.rules import today_in_london
from compliance.selectors import (
    filter_requirements,
    homes_with_standing,
    requirements_overdue_first,
    requirements_visible_to,
)
from compliance.services.errors import ServiceError
from compliance.services.lifecycle import assign_owner
from compliance.web import conf
from compliance.web.forms import NOT_CLOSED, RequirementFilterForm
from compliance.web.paging import paginate, reminder_gaps
from compliance.web.presenters import Judgements, requirement_rows
from inspections.models import Regulation
from providers.access import homes_visible_to, sees_everything
from providers.models import Person

# Above this many homes the home filter is a URN box rather than a select.
HOME_SELECT_LIMIT = 100


def home_choices(homes) -> list[tuple[str, str]] | None:
    options = list(homes.order_by("urn").values_list("urn", "name")[: HOME_SELECT_LIMIT + 1])
    if len(options) > HOME_SELECT_LIMIT:
        return None
    return [(urn, f"{urn}: {name}" if name else urn) for urn, name in options]


def homes_most_overdue_first(request, *, homes, today, per_page: int, param: str = "page"):
    """A page of `homes` with their standing, most overdue first; `pager.rows` pairs each
    with its latest judgements."""
    pager = paginate(
        request,
        homes_with_standing(homes=homes, today=today).order_by("-overdue_count", "urn"),
        count_of=homes,
        per_page=per_page,
        param=param,
        label="Homes",
    )
    pager.rows = home_standing_rows(pager.items)
    return pager


def home_standing_rows(homes):
    """Pair each home with its latest judgements as tags."""
    return [
        (
            home,
            Judgements.of(
                overall=home.judged_overall or "",
                help_and_protection=home.judged_help or "",
                leadership=home.judged_leadership or "",
            ),
        )
        for home in homes
    ]


@login_required
@cached_page
def dashboard(request):
    user, today = request.user, today_in_london()
    homes = homes_visible_to(user=user)
    requirements = requirements_visible_to(user=user)
    form = RequirementFilterForm(
        request.GET,
        home_choices=home_choices(homes),
        regulations=list(Regulation.objects.all()),
    )
    if form.is_valid():
        chosen = form.cleaned_data
        filtered = filter_requirements(
            requirements=requirements,
            today=today,
            home_urn=chosen.get("home") or None,
            regulation=chosen.get("regulation"),
            statuses=form.statuses(),
            due_window=chosen.get("due") or None,
        )
    else:
        filtered = requirements.filter(status__in=NOT_CLOSED)
    size = conf.get("DASHBOARD_PAGE_SIZE")
    pager = paginate(
        request,
        requirements_overdue_first(requirements=filtered, today=today),
        per_page=size,
        label="Requirements",
    )
    home_pager = homes_most_overdue_first(
        request, homes=homes, today=today, per_page=10, param="homes_page"
    )
    # Reminders go to provider staff; regulators, who see every home, are not shown this.
    # Provider staff may also give many requirements an owner at once.
    gaps = bulk_owners = None
    if not sees_everything(user):
        gaps = reminder_gaps(request, homes=homes)
        bulk_owners = list(
            Person.objects.filter(provider__in=homes.values("provider_id")).order_by("name", "pk")
        )
    return render(
        request,
        "web/dashboard.html",
        {
            "nav": "dashboard",
            "today": today,
            "counts": compliance_counts_of_homes(homes=homes, today=today),
            "form": form,
            "filtered": bool(request.GET.keys() - {"page", "homes_page", "gaps_page"}),
            "pager": pager,
            "rows": requirement_rows(pager.items, today=today),
            "home_pager": home_pager,
            "bulk_owners": bulk_owners,
            "gaps": gaps,
        },
    )


@login_required
@require_POST
def set_owner(request):
    """The dashboard's 'Set the owner' for the chosen requirements (provider staff)."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("dashboard")
    ids = {int(v) for v in request.POST.getlist("requirements") if v.isdigit()}
    visible = list(
        requirements_visible_to(user=request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    owner_id = request.POST.get("owner", "")
    owner = Person.objects.filter(pk=owner_id).first() if owner_id.isdigit() else None
    if not ids or owner is None:
        messages.error(request, "Choose one or more requirements and an owner.")
        return redirect(back)
    if len(visible) != len(ids):
        raise Http404("No such requirement.")
    try:
        changed = assign_owner(requirement_ids=visible, user=request.user, owner=owner)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{owner.name} now owns {changed} more requirement(s).")
    return redirect(back)
