"""Regulations: open and overdue counts per regulation, and a regulation's page listing the
homes with an open requirement under it now."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from compliance.readcache.pages import cached_page
from compliance.rules import today_in_london
from compliance.selectors import (
    homes_with_open_requirement_under,
    requirements_visible_to,
    with_open_counts_by_regulation,
)
from compliance.web import conf
from compliance.web.paging import paginate
from inspections.models import Regulation
from providers.access import homes_visible_to
from providers.models import Home


@login_required
@cached_page
def regulation_list(request):
    # All 53 regulations are counted (one grouped query over the active requirements), so
    # those with open requirements come first, most open first; then the rest by number.
    regulations = with_open_counts_by_regulation(
        list(Regulation.objects.order_by("number")),
        requirements=requirements_visible_to(user=request.user),
        today=today_in_london(),
    )
    regulations.sort(key=lambda r: (-r.open_count, r.number))
    pager = paginate(
        request, regulations, per_page=conf.get("DASHBOARD_PAGE_SIZE"), label="Regulations"
    )
    return render(request, "web/regulation_list.html", {"nav": "regulations", "pager": pager})


@login_required
@cached_page
def regulation_detail(request, number):
    regulation = get_object_or_404(Regulation, number=number)
    rows = homes_with_open_requirement_under(
        homes=homes_visible_to(user=request.user), regulation=number, today=today_in_london()
    )
    pager = paginate(request, rows, per_page=conf.get("DASHBOARD_PAGE_SIZE"), label="Homes")
    homes = Home.objects.select_related("provider").in_bulk([row["home_id"] for row in pager.items])
    return render(
        request,
        "web/regulation_detail.html",
        {
            "nav": "regulations",
            "regulation": regulation,
            "pager": pager,
            "rows": [(homes[row["home_id"]], row) for row in pager.items],
        },
    )
