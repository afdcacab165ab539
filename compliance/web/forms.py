"""Forms of the dashboard: filters (GET, kept in the URL), sign-in with throttling, the
status and evidence forms of a requirement, the report upload. Choices that depend on who
asks (steps, homes, owners) are given by the view from the shared services and selectors."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from compliance.rules import ACTIVE_STATUSES, UNRESOLVED_STATUSES
from compliance.selectors import DUE_WINDOWS
from compliance.web import throttle
from compliance.web.presenters import long_date
from inspections.models import Judgement, RequirementStatus
from inspections.reports import ACCEPTED_SUFFIXES, ACCEPTED_TYPES, accepted_type_problem

# -- sign-in -------------------------------------------------------------------------


LOCKED_MESSAGES = {
    # The same words whether or not the username exists, so the lock tells nobody that.
    "account": (
        "This account is locked after too many failed attempts to sign in. To get back in "
        "now, reset your password at %(reset_url)s; otherwise wait %(minutes)d minutes."
    ),
    "user": (
        "Too many failed attempts to sign in. Wait %(minutes)d minutes and try again, "
        "or reset your password."
    ),
    "address": (
        "Too many failed attempts to sign in from this connection. Wait %(minutes)d minutes "
        "and try again, or reset your password."
    ),
}


class SignInThrottleMixin:
    """Refuses attempts while the account, the account from this address, or this address
    is locked (compliance.web.throttle), before the password is checked; counts failures.
    Used by the dashboard's sign-in and by the admin's, so both share one throttle."""

    throttled = False

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        refusal = throttle.signin_refusal(username=username, address=address)
        if refusal:
            self.throttled = True
            raise ValidationError(
                LOCKED_MESSAGES[refusal],
                code="throttled",
                params={
                    "minutes": throttle.lockout_minutes(),
                    "reset_url": reverse("password_reset"),
                },
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                throttle.record_signin_failure(username=username, address=address)
            raise
        throttle.clear_signin_failures(username=username, address=address)
        return cleaned


class SignInForm(SignInThrottleMixin, AuthenticationForm):
    """Django's sign-in form, refusing attempts while the username or address is throttled."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


class AdminSignInForm(SignInThrottleMixin, AdminAuthenticationForm):
    """The admin's sign-in form under the same throttle as /signin/."""


class ResetPasswordForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address your account uses. We send a link to choose a new password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *, domain_override=None, use_https=False, request=None, **kwargs):
        """Queue the email instead of sending it here: the request then does the same work
        whether or not the address has an account, so its timing tells nobody which."""
        from compliance.tasks import send_password_reset

        email = self.cleaned_data["email"]
        domain = domain_override or (request.get_host() if request else "")
        transaction.on_commit(
            lambda: send_password_reset.delay(email=email, domain=domain, use_https=use_https)
        )

    def send_now(self, *, domain: str, use_https: bool) -> None:
        """The sending itself, in the worker: Django's own lookup of active users with a
        usable password and this address, one email each."""
        PasswordResetForm.save(
            self,
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
        )


# -- filters -------------------------------------------------------------------------

STATUS_FILTERS = {
    "": "Not closed",
    "active": "Open, in progress or not met",
    **{value: label for value, label in RequirementStatus.choices},
    "all": "Any status",
}
ACTIVE = list(ACTIVE_STATUSES)
NOT_CLOSED = list(UNRESOLVED_STATUSES)


class RequirementFilterForm(forms.Form):
    """Filters of the requirement list. Home is a select for a small scope, and a URN box
    where the scope is too large for a select (regulators)."""

    home = forms.CharField(required=False, label="Home")
    regulation = forms.TypedChoiceField(
        required=False, label="Regulation", coerce=int, empty_value=None
    )
    status = forms.ChoiceField(required=False, label="Status", choices=STATUS_FILTERS.items())
    due = forms.ChoiceField(
        required=False,
        label="Due",
        choices=[("", "Any time"), *DUE_WINDOWS.items()],
    )

    def __init__(self, *args, home_choices: list[tuple[str, str]] | None, regulations, **kw):
        super().__init__(*args, **kw)
        if home_choices is not None:
            self.fields["home"] = forms.ChoiceField(
                required=False, label="Home", choices=[("", "All homes"), *home_choices]
            )
        else:
            self.fields["home"].label = "Home URN"
            self.fields["home"].help_text = "For example SC123456"
        self.fields["regulation"].choices = [("", "All regulations")] + [
            (str(r.number), f"{r.number}: {r.title}" if r.title else f"Regulation {r.number}")
            for r in regulations
        ]

    def statuses(self) -> list[str] | None:
        status = self.cleaned_data.get("status") or ""
        if status == "all":
            return None
        if status == "active":
            return ACTIVE
        return [status] if status else NOT_CLOSED


def search_field(label: str) -> forms.CharField:
    """The free-text box of a search form."""
    return forms.CharField(
        required=False,
        label=label,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class HomeSearchForm(forms.Form):
    q = search_field("URN, home or provider name")
    judgement = forms.ChoiceField(
        required=False,
        label="Latest overall judgement",
        choices=[("", "Any judgement")]
        + [
            (j.value, j.label)
            for j in (
                Judgement.OUTSTANDING,
                Judgement.GOOD,
                Judgement.REQUIRES_IMPROVEMENT,
                Judgement.INADEQUATE,
            )
        ],
    )
    min_overdue = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=10_000,
        label="Overdue, at least",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[("", "URN"), ("overdue", "Most overdue"), ("provider", "Provider")],
    )


class NameSearchForm(forms.Form):
    q = search_field("Provider name")


# -- a requirement's status and evidence ---------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


EVIDENCE_HINT = (
    "PDF, Word, Excel, OpenDocument text, PNG, JPEG, text or CSV; up to {mb} MB each. "
    "You can choose several files."
)


class StatusChangeForm(forms.Form):
    """Move a requirement's status. The choices are exactly the steps this user may take
    (compliance.services.lifecycle.allowed_steps)."""

    action = forms.CharField(widget=forms.HiddenInput, initial="status")
    to_status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the new status.",
            "invalid_choice": "Choose one of the statuses shown.",
        },
    )
    owner = forms.TypedChoiceField(
        required=False,
        label="Owner",
        coerce=int,
        empty_value=None,
        help_text="Who at the provider is doing the work. Needed to start work.",
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was done or is planned. This goes into the history.",
        max_length=5000,
        error_messages={"required": "Write a note of what was done or is planned."},
    )
    files = MultipleFileField(required=False, label="Evidence files")

    def __init__(
        self, *args, steps, owners, current_owner_id, max_mb: int, offers_evidence=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s.to_status, s.label) for s in steps]
        if not offers_evidence:
            del self.fields["files"]
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = [("", "No change")] + [
                (str(p.pk), p.name) for p in owners
            ]
            self.fields["owner"].initial = current_owner_id
        if "files" in self.fields:
            self.fields["files"].help_text = EVIDENCE_HINT.format(mb=max_mb)


class EvidenceForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="evidence")
    files = MultipleFileField(
        label="Evidence files", error_messages={"required": "Choose at least one file."}
    )
    note = forms.CharField(
        required=False,
        label="Note (optional)",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = EVIDENCE_HINT.format(mb=max_mb)
        # Both forms are on one page: distinct ids keep labels and error links right.
        self.auto_id = "evidence_%s"


class UndoResolutionForm(forms.Form):
    note = forms.CharField(
        label="Why the resolution is wrong",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the resolution is undone."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "undo_%s"


# -- import and comparison -------------------------------------------------------------


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label="Report file",
        help_text=f"An inspection report: {ACCEPTED_TYPES}.",
        error_messages={"required": "Choose a report file.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_report(self):
        report = self.cleaned_data["report"]
        head = report.read(1024)
        report.seek(0)
        problem = accepted_type_problem(report.name, head)
        if problem:
            raise ValidationError(f"{report.name}: {problem}.")
        if report.size > self.max_bytes:
            raise ValidationError(
                f"{report.name} is {report.size / 1_048_576:.1f} MB; "
                f"the limit is {self.max_bytes / 1_048_576:.0f} MB."
            )
        return report


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class CompareForm(forms.Form):
    earlier = forms.TypedChoiceField(label="Earlier inspection", coerce=int)
    later = forms.TypedChoiceField(label="Later inspection", coerce=int)

    def __init__(self, *args, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(i.pk), f"{long_date(i.start_date)} ({i.inspection_type})") for i in inspections
        ]
        self.fields["earlier"].choices = choices
        self.fields["later"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("earlier") and cleaned.get("earlier") == cleaned.get("later"):
            self.add_error("later", "Choose two different inspections.")
        return cleaned
