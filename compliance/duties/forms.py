"""The form for recording a Regulation 44 visit on the dashboard."""

from django import forms


class VisitForm(forms.Form):
    visit_date = forms.DateField(
        label="Date of the visit",
        help_text="For example 14/11/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    independent_person = forms.CharField(label="Independent person", max_length=255)
    report = forms.FileField(
        label="The independent person's report", required=False, help_text="PDF, Word or text"
    )
    sent_to_ofsted_on = forms.DateField(
        label="Report sent to Ofsted on", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    sent_to_provider_on = forms.DateField(
        label="Report sent to the provider on",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    recommendations = forms.CharField(
        label="Recommendations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: each becomes an action to track.",
    )
    actions_due = forms.DateField(
        label="Actions due by", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
