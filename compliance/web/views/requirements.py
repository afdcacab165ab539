"""A requirement's page: what it says, where it stands, its history and evidence, and the
forms to move its status or add evidence where the user's role permits. Evidence files
are downloaded only through `evidence_download`, which checks scope."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from compliance.models import Evidence
from compliance.reminders.planning import describe_kind
from compliance.rules import (
    RESOLVED_BY_INSPECTION_STATUSES,
    requirement_due_state,
    today_in_london,
)
from compliance.selectors import requirements_visible_to
from compliance.services.errors import ServiceError
from compliance.services.evidence import EvidenceError, EvidenceUpload
from compliance.services.lifecycle import (
    STAFF_ONLY,
    add_evidence,
    allowed_steps,
    change_status,
    status_change_problems,
)
from compliance.services.resolution import status_before_resolution, undo_resolution
from compliance.web import conf
from compliance.web.forms import EvidenceForm, StatusChangeForm, UndoResolutionForm
from compliance.web.kept_posts import kept_initial, login_required_keeping_post
from compliance.web.paging import paginate
from compliance.web.presenters import RequirementRow
from inspections.models import RequirementStatus
from providers.access import can_add_evidence, can_confirm, homes_visible_to, possible_owners


def _attach_error(form, exc) -> None:
    """Put a service's error on the field it names, or on the whole form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _uploads(form, files) -> list[EvidenceUpload]:
    try:
        return [EvidenceUpload.from_uploaded_file(f) for f in files]
    except EvidenceError as exc:
        _attach_error(form, exc)
        return []


def _add_every_problem(form, *, requirement, user, owners) -> None:
    """All that is wrong at once: the service's rules (an owner to start work, evidence to
    complete it, ...) beside the form's own errors, on the fields that have none yet."""
    form.is_valid()  # fills cleaned_data with the fields that are valid
    data = form.cleaned_data
    owner = next((p for p in owners or () if p.pk == data.get("owner")), None)
    problems = status_change_problems(
        requirement=requirement,
        user=user,
        to_status=data.get("to_status"),
        note=data.get("note", ""),
        owner=owner,
        files=data.get("files") or [],
    )
    for field, message in problems:
        if field in form.fields and field not in form.errors:
            form.add_error(field, message)


@login_required_keeping_post
def requirement_detail(request, pk):
    user = request.user
    requirement = get_object_or_404(
        requirements_visible_to(user=user).select_related(
            "inspection__home__responsible_individual",
            "inspection__home__registered_manager",
            "replaced_by__inspection",
            "resolved_by",
        ),
        pk=pk,
    )
    home = requirement.inspection.home
    steps = allowed_steps(user=user, requirement=requirement)
    is_staff = can_add_evidence(user=user, home=home)
    # Only the provider's staff own and evidence the work: a regulator's form offers neither.
    owners = list(possible_owners(home=home)) if steps and is_staff else None
    max_mb = settings.EVIDENCE_MAX_BYTES // 1_048_576
    status_kwargs = {
        "steps": steps,
        "owners": owners,
        "current_owner_id": requirement.owner_id,
        "max_mb": max_mb,
        "offers_evidence": is_staff,
    }
    # What was typed before a sign-in, if the session had ended (compliance.web.kept_posts).
    status_form = (
        StatusChangeForm(initial=kept_initial(request, action="status"), **status_kwargs)
        if steps
        else None
    )
    evidence_form = (
        EvidenceForm(initial=kept_initial(request, action="evidence"), max_mb=max_mb)
        if is_staff
        else None
    )
    may_undo = requirement.status in RESOLVED_BY_INSPECTION_STATUSES and can_confirm(user=user)
    undo_form = (
        UndoResolutionForm(initial=kept_initial(request, action="undo_resolution"))
        if may_undo
        else None
    )

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "status" and steps:
            status_form = StatusChangeForm(request.POST, request.FILES, **status_kwargs)
            if not is_staff and (request.POST.get("owner") or request.FILES):
                status_form.add_error(None, STAFF_ONLY)  # as the service and the API say
            _add_every_problem(status_form, requirement=requirement, user=user, owners=owners)
            if status_form.is_valid():
                data = status_form.cleaned_data
                uploads = _uploads(status_form, data.get("files") or [])
                owner = next((p for p in owners or () if p.pk == data.get("owner")), None)
                if not status_form.errors:
                    try:
                        change_status(
                            requirement=requirement,
                            user=user,
                            to_status=data["to_status"],
                            note=data["note"],
                            owner=owner,
                            files=uploads,
                        )
                    except ServiceError as exc:
                        _attach_error(status_form, exc)
                    else:
                        requirement.refresh_from_db(fields=["status"])
                        messages.success(
                            request, f"Status changed to {requirement.get_status_display()}."
                        )
                        return redirect("requirement-detail", pk=requirement.pk)
        elif action == "undo_resolution" and may_undo:
            undo_form = UndoResolutionForm(request.POST)
            if undo_form.is_valid():
                try:
                    undo_resolution(
                        requirement=requirement, user=user, note=undo_form.cleaned_data["note"]
                    )
                except ServiceError as exc:
                    _attach_error(undo_form, exc)
                else:
                    messages.success(request, "Resolution undone: the requirement is open again.")
                    return redirect("requirement-detail", pk=requirement.pk)
        elif action == "evidence" and is_staff:
            evidence_form = EvidenceForm(request.POST, request.FILES, max_mb=max_mb)
            if evidence_form.is_valid():
                uploads = _uploads(evidence_form, evidence_form.cleaned_data["files"])
                if not evidence_form.errors:
                    try:
                        add_evidence(
                            requirement=requirement,
                            user=user,
                            files=uploads,
                            note=evidence_form.cleaned_data["note"],
                        )
                    except ServiceError as exc:
                        _attach_error(evidence_form, exc)
                    else:
                        messages.success(request, "Evidence added.")
                        return redirect("requirement-detail", pk=requirement.pk)
        else:
            raise PermissionDenied("You cannot change this requirement.")

    today = today_in_london()
    size = conf.get("DASHBOARD_PAGE_SIZE")
    evidence = paginate(
        request,
        requirement.evidence.select_related("uploaded_by").order_by("-created_at", "-id"),
        per_page=size,
        param="evidence_page",
        label="Evidence",
    )
    history = paginate(
        request,
        requirement.events.order_by("-created_at", "-id"),
        per_page=size,
        label="History",
    )
    prefetch_related_objects(history.items, "files")
    # Who was reminded, and when: the ledger's rows (the page is only for users in scope).
    reminders = paginate(
        request,
        requirement.reminders.order_by("-for_date", "-id"),
        per_page=size,
        param="reminders_page",
        label="Reminders",
    )
    return render(
        request,
        "web/requirement_detail.html",
        {
            "nav": "dashboard",
            "requirement": requirement,
            "home": home,
            "row": RequirementRow(requirement, requirement_due_state(requirement, today)),
            "evidence": evidence,
            "history": history,
            "history_rows": [(e, e.files.all()) for e in history.items],
            "reminders": reminders,
            "reminder_rows": [(r, describe_kind(r.kind), r.for_date) for r in reminders.items],
            "status_form": status_form,
            "evidence_form": evidence_form,
            "undo_form": undo_form,
            "reopen_status_label": RequirementStatus(status_before_resolution(requirement)).label
            if undo_form
            else "",
            "replaces": requirement.replaces.select_related("inspection").order_by(
                "inspection__start_date", "pk"
            ),
            "files_lost": request.method == "POST" and bool(request.FILES),
        },
    )


@login_required
def evidence_download(request, pk):
    """An evidence file, only for users who may see its requirement; never a public URL."""
    evidence = get_object_or_404(
        Evidence.objects.filter(
            requirement__inspection__home__in=homes_visible_to(user=request.user)
        ),
        pk=pk,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
