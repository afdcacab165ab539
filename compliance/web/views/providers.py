"""Providers: the list a user may see, and a provider's page with all its homes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from compliance.counts import compliance_counts_of_homes
from compliance.rules import today_in_london
from compliance.selectors import (
    providers_visible_to,
    providers_with_standing,
)
from compliance.web import conf
from compliance.web.forms import NameSearchForm
from compliance.web.paging import paginate, reminder_gaps
from compliance.web.views.dashboard import homes_most_overdue_first
from providers.access import homes_visible_to


@login_required
def provider_list(request):
    user = request.user
    form = NameSearchForm(request.GET)
    providers = providers_visible_to(user=user)
    if form.is_valid() and form.cleaned_data["q"]:
        providers = providers.filter(name__icontains=form.cleaned_data["q"].strip())
    rows = providers_with_standing(
        providers=providers, homes=homes_visible_to(user=user), today=today_in_london()
    ).order_by("name", "pk")
    pager = paginate(
        request,
        rows,
        count_of=providers,
        per_page=conf.get("DASHBOARD_PAGE_SIZE"),
        label="Providers",
    )
    return render(
        request, "web/provider_list.html", {"nav": "providers", "form": form, "pager": pager}
    )


@login_required
def provider_detail(request, pk):
    user, today = request.user, today_in_london()
    provider = get_object_or_404(providers_visible_to(user=user), pk=pk)
    homes = homes_visible_to(user=user).filter(provider=provider)
    pager = homes_most_overdue_first(
        request, homes=homes, today=today, per_page=conf.get("DASHBOARD_PAGE_SIZE")
    )
    return render(
        request,
        "web/provider_detail.html",
        {
            "nav": "providers",
            "provider": provider,
            "counts": compliance_counts_of_homes(homes=homes, today=today),
            "pager": pager,
            "gaps": reminder_gaps(request, homes=homes),
        },
    )
