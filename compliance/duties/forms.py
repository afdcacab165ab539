"""The dashboard forms for recording a visit, a review and a serious event."""

from django import forms

from compliance.duties.models import Duty, Notification

DATES = ["%d/%m/%Y", "%Y-%m-%d"]
MOMENTS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def one_action_per_line(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: each becomes an action to track.",
    )


class VisitForm(forms.Form):
    visit_date = forms.DateField(
        label="Date of the visit",
        help_text="For example 14/11/2026",
        input_formats=DATES,
    )
    independent_person = forms.CharField(label="Independent person", max_length=255)
    report = forms.FileField(
        label="The independent person's report", required=False, help_text="PDF, Word or text"
    )
    sent_to_ofsted_on = forms.DateField(
        label="Report sent to Ofsted on", required=False, input_formats=DATES
    )
    sent_to_provider_on = forms.DateField(
        label="Report sent to the provider on",
        required=False,
        input_formats=DATES,
    )
    recommendations = one_action_per_line("Recommendations")
    actions_due = forms.DateField(label="Actions due by", required=False, input_formats=DATES)


class ReviewForm(forms.Form):
    period_start = forms.DateField(label="Period from", input_formats=DATES)
    period_end = forms.DateField(label="Period to", input_formats=DATES)
    completed_on = forms.DateField(label="Review completed on", input_formats=DATES)
    report = forms.FileField(label="The review report", required=False)
    sent_to_ofsted_on = forms.DateField(
        label="Report sent to Ofsted on", required=False, input_formats=DATES
    )
    actions = one_action_per_line("Actions")
    actions_due = forms.DateField(label="Actions due by", required=False, input_formats=DATES)


class NotificationForm(forms.Form):
    duty = forms.ModelChoiceField(
        label="What happened",
        queryset=Duty.objects.filter(kind=Duty.Kind.NOTIFICATION),
        to_field_name="code",
        empty_label=None,
    )
    description = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 3}))
    happened_at = forms.DateTimeField(
        label="When it happened",
        help_text="For example 14/11/2026 21:30 (London time)",
        input_formats=MOMENTS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(notified_fields())


def notified_fields() -> dict[str, forms.DateTimeField]:
    """When each party was told: one optional field per Notification.PARTY_FIELDS entry."""
    return {
        field: forms.DateTimeField(
            label=f"{Notification.PARTY_LABELS[party]} notified at",
            required=False,
            input_formats=MOMENTS,
        )
        for party, field in Notification.PARTY_FIELDS.items()
    }


class NotifiedForm(forms.Form):
    """Record, after the event, when the parties were told (times already set stay unless
    changed; clearing one removes it)."""

    def __init__(self, *args, notification, **kwargs):
        initial = {
            field: getattr(notification, field) for field in Notification.PARTY_FIELDS.values()
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(notified_fields())


class ActionForm(forms.Form):
    """Move an action: the statuses offered are those the user may move it to."""

    status = forms.ChoiceField(label="New status", required=False, widget=forms.RadioSelect)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="Evidence file", required=False)

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Keep the status"), *statuses]
