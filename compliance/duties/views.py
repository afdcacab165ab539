"""Dashboard pages of the duties: record a visit (provider staff), the catalogue with its
sources, and the regulators' gaps across homes. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from compliance.duties import selectors, services
from compliance.duties.forms import VisitForm
from compliance.duties.models import Duty
from compliance.rules import today_in_london
from compliance.services.evidence import EvidenceError, EvidenceUpload
from compliance.web import conf
from compliance.web.paging import paginate
from providers.selectors import homes_visible_to, is_provider_staff_for, sees_everything


@login_required
def record_visit(request, urn):
    home = get_object_or_404(homes_visible_to(user=request.user), urn=urn)
    if not is_provider_staff_for(user=request.user, home=home):
        raise PermissionDenied("Only the provider's staff record visits.")
    form = VisitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_visit(
                home=home,
                user=request.user,
                today=today_in_london(),
                visit_date=data["visit_date"],
                independent_person=data["independent_person"],
                report=EvidenceUpload.from_uploaded_file(data["report"])
                if data["report"]
                else None,
                sent_to_ofsted_on=data["sent_to_ofsted_on"],
                sent_to_provider_on=data["sent_to_provider_on"],
                recommendations=data["recommendations"].splitlines(),
                actions_due=data["actions_due"],
            )
        except services.DutyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except EvidenceError as exc:
            form.add_error("report", exc.message)
        else:
            messages.success(request, f"Visit of {data['visit_date']:%d/%m/%Y} recorded.")
            return redirect(f"/homes/{home.urn}/#monitoring-heading")
    return render(request, "duties/record_visit.html", {"nav": "homes", "home": home, "form": form})


@login_required
def catalogue(request):
    return render(
        request, "duties/catalogue.html", {"nav": "regulations", "duties": Duty.objects.all()}
    )


@login_required
def gaps(request):
    """Homes with no Regulation 44 visit recorded in the last 2 months (regulators)."""
    if not sees_everything(request.user):
        raise PermissionDenied("Only regulators see the gaps across homes.")
    homes = selectors.homes_without_recent_visit(user=request.user, today=today_in_london())
    pager = paginate(request, homes, per_page=conf.get("DASHBOARD_PAGE_SIZE"), label="Homes")
    return render(request, "duties/gaps.html", {"nav": "homes", "pager": pager})
