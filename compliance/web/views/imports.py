"""Importing a report through the page: upload, preview (a dry run of the real import),
then confirm. Between the two steps the file waits in private storage (see staging)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from compliance.web.forms import ImportConfirmForm, ReportUploadForm
from compliance.web.staging import (
    UNREADABLE,
    StagedReportMissing,
    discard_staged_report,
    load_staged_report,
    stage_report,
)
from inspections.importer import ReportImportError, ReportParseError, import_report_bytes
from providers.access import can_import


def _upload_page(request, form, *, status=200, problem=""):
    return render(
        request,
        "web/import_upload.html",
        {"nav": "import", "form": form, "problem": problem},
        status=status,
    )


@login_required
def import_report(request):
    if not can_import(user=request.user):
        raise PermissionDenied("Only regulators import reports.")
    max_bytes = settings.REPORT_MAX_BYTES
    if request.method != "POST":
        return _upload_page(request, ReportUploadForm(max_bytes=max_bytes))
    form = ReportUploadForm(request.POST, request.FILES, max_bytes=max_bytes)
    if not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["report"]
    data = upload.read()
    try:
        preview = import_report_bytes(data=data, name=upload.name, dry_run=True, user=request.user)
    except (ReportParseError, ReportImportError) as exc:
        form.add_error("report", f"{upload.name} could not be imported: {exc.problem}.")
        return _upload_page(request, form)
    token = stage_report(data=data, name=upload.name, user_id=request.user.pk)
    return render(
        request,
        "web/import_preview.html",
        {
            "nav": "import",
            "name": upload.name,
            "preview": preview,
            "counts": sorted((what, n) for what, n in preview.counts.items() if n),
            "confirm_form": ImportConfirmForm(initial={"token": token}),
        },
    )


@login_required
@require_POST
def import_confirm(request):
    if not can_import(user=request.user):
        raise PermissionDenied("Only regulators import reports.")
    form = ImportConfirmForm(request.POST)
    upload_form = ReportUploadForm(max_bytes=settings.REPORT_MAX_BYTES)
    if not form.is_valid():
        return _upload_page(request, upload_form, status=400, problem=UNREADABLE)
    token = form.cleaned_data["token"]
    try:
        name, data = load_staged_report(token=token, user_id=request.user.pk)
        result = import_report_bytes(data=data, name=name, dry_run=False, user=request.user)
    except StagedReportMissing as exc:
        return _upload_page(request, upload_form, status=400, problem=str(exc))
    except (ReportParseError, ReportImportError) as exc:
        problem = f"{name} could not be imported: {exc.problem}."
        return _upload_page(request, upload_form, status=400, problem=problem)
    discard_staged_report(token=token, user_id=request.user.pk)
    messages.success(request, f"Imported {name}: {result.outcome} {result.inspection_label}.")
    return redirect("home-detail", urn=result.urn)
