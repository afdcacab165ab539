"""Dashboard pages of the duties: record a visit (provider staff), the catalogue with its
sources, and the regulators' gaps across homes. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from compliance.duties import action_reminders, selectors, services
from compliance.duties.forms import (
    ActionForm,
    NotificationForm,
    NotifiedForm,
    ReviewForm,
    VisitForm,
)
from compliance.duties.models import Duty, Notification
from compliance.rules import due_state, today_in_london
from compliance.services.evidence import EvidenceError, EvidenceUpload
from compliance.web import conf
from compliance.web.kept_posts import form_for, login_required_keeping_post
from compliance.web.paging import paginate
from inspections.models import RequirementStatus
from providers.access import homes_visible_to, is_provider_staff_for, sees_everything


def _staff_home(request, urn):
    home = get_object_or_404(homes_visible_to(user=request.user), urn=urn)
    if not is_provider_staff_for(user=request.user, home=home):
        raise PermissionDenied("Only the provider's staff record monitoring duties.")
    return home


def _report(data):
    return EvidenceUpload.from_uploaded_file(data["report"]) if data.get("report") else None


def _service_fields(data: dict) -> dict:
    """A visit or review form's data as the service takes it: the report as an upload and
    each one-per-line text as a list."""
    fields = {**data, "report": _report(data)}
    for name in ("recommendations", "actions"):
        if name in fields:
            fields[name] = fields[name].splitlines()
    return fields


def _record(request, urn, *, form_class, title, write, done):
    """One page per record kind: the form, the service call, errors on their fields."""
    home = _staff_home(request, urn)
    form = form_for(request, form_class)  # with what was kept through a sign-in, if any
    if request.method == "POST" and form.is_valid():
        try:
            write(home, form.cleaned_data)
        except services.DutyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except EvidenceError as exc:
            form.add_error("report", exc.message)
        else:
            messages.success(request, done(form.cleaned_data))
            return redirect(f"/homes/{home.urn}/#monitoring-heading")
    return render(
        request,
        "duties/record.html",
        {"nav": "homes", "home": home, "form": form, "title": title},
    )


def _report_record_page(kind: str, *, form_class, title, done):
    """The page recording a visit or a review through `services.record_<kind>`."""

    @login_required_keeping_post
    def page(request, urn):
        def write(home, data):
            record = getattr(services, f"record_{kind}")
            record(home=home, user=request.user, today=today_in_london(), **_service_fields(data))

        return _record(request, urn, form_class=form_class, title=title, write=write, done=done)

    page.__name__ = page.__qualname__ = f"record_{kind}"
    return page


record_visit = _report_record_page(
    "visit",
    form_class=VisitForm,
    title="Record a Regulation 44 visit",
    done=lambda data: f"Visit of {data['visit_date']:%d/%m/%Y} recorded.",
)
record_review = _report_record_page(
    "review",
    form_class=ReviewForm,
    title="Record a Regulation 45 review",
    done=lambda data: f"Review completed {data['completed_on']:%d/%m/%Y} recorded.",
)


@login_required_keeping_post
def record_notification(request, urn):
    def write(home, data):
        services.record_notification(
            home=home,
            user=request.user,
            duty=data["duty"],
            description=data["description"],
            happened_at=data["happened_at"],
            now=timezone.now(),
            notified={
                party: data[field]
                for party, field in Notification.PARTY_FIELDS.items()
                if field in data
            },
        )

    return _record(
        request,
        urn,
        form_class=NotificationForm,
        title="Record a serious event (Regulation 40)",
        write=write,
        done=lambda data: "Serious event recorded.",
    )


@login_required
def notification_times(request, pk):
    """Record, after the event, when each party was told (provider staff)."""
    notification = get_object_or_404(
        selectors.notifications_visible_to(user=request.user).select_related("home", "duty"),
        pk=pk,
    )
    home = _staff_home(request, notification.home.urn)
    form = NotifiedForm(request.POST or None, notification=notification)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_notification(
                notification=notification,
                user=request.user,
                now=timezone.now(),
                notified={
                    party: form.cleaned_data[field]
                    for party, field in Notification.PARTY_FIELDS.items()
                },
            )
        except services.DutyError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Notification times recorded.")
            return redirect(f"/homes/{home.urn}/#monitoring-heading")
    title = f"When the parties were told: {notification.duty.title}"
    return render(
        request,
        "duties/record.html",
        {"nav": "homes", "home": home, "form": form, "title": title},
    )


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


@login_required_keeping_post
def action_detail(request, pk):
    """An action from a visit or review: its status, history and evidence; provider staff
    move it on."""
    action = get_object_or_404(
        selectors.actions_visible_to(user=request.user).select_related(
            "home", "owner", "visit", "review"
        ),
        pk=pk,
    )
    statuses = [
        (s, RequirementStatus(s).label)
        for s in services.allowed_action_statuses(user=request.user, action=action)
    ]
    form = form_for(request, ActionForm, statuses=statuses)
    if request.method == "POST":
        if not is_provider_staff_for(user=request.user, home=action.home):
            raise PermissionDenied("Only the provider's staff act on actions.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_action(
                    action=action,
                    user=request.user,
                    status=data["status"] or None,
                    note=data["note"],
                )
                if data["evidence"]:
                    services.add_action_evidence(
                        action=action,
                        user=request.user,
                        upload=EvidenceUpload.from_uploaded_file(data["evidence"]),
                    )
            except services.DutyError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except EvidenceError as exc:
                form.add_error("evidence", exc.message)
            else:
                messages.success(request, "Action updated.")
                return redirect("duty-action", pk=action.pk)
    reminders = paginate(
        request,
        action.reminders.order_by("-period", "-id"),
        per_page=20,
        param="reminders_page",
        label="Reminders",
    )
    return render(
        request,
        "duties/action_detail.html",
        {
            "reminders": reminders,
            "reminder_rows": [
                (r, action_reminders.kind_in_words(r.kind), r.period) for r in reminders.items
            ],
            "nav": "homes",
            "action": action,
            "due": due_state(
                status=action.status, due_date=action.due_date, today=today_in_london()
            ),
            "events": action.events.all(),
            "evidence": action.evidence.all(),
            "form": form,
            "can_act": is_provider_staff_for(user=request.user, home=action.home),
        },
    )


@login_required
def action_evidence(request, pk):
    """An action's evidence file, only to those who see the home."""
    from django.http import FileResponse

    from compliance.duties.models import ActionEvidence

    evidence = get_object_or_404(
        ActionEvidence.objects.filter(action__in=selectors.actions_visible_to(user=request.user)),
        pk=pk,
    )
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
