"""Schema summaries and examples of the duty resources."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from compliance.api import docs

TAG = ["duties"]
WRITE_ERRORS = {**docs.WRITE_ERRORS, **docs.errors(403)}
EX_VISIT = {
    "id": 12,
    "home": "SC005045",
    "visit_date": "2026-11-14",
    "independent_person": "Jo Patel",
    "report_name": "visit-november.pdf",
    "sent_to_ofsted_on": "2026-11-20",
    "sent_to_provider_on": "2026-11-20",
    "notes": "",
    "report_late": False,
    "created_at": "2026-11-14T16:02:11Z",
    "updated_at": "2026-11-20T09:15:40Z",
}
EX_REVIEW = {
    "id": 3,
    "home": "SC005045",
    "period_start": "2026-05-01",
    "period_end": "2026-10-31",
    "completed_on": "2026-11-09",
    "report_name": "",
    "sent_to_ofsted_on": None,
    "notes": "",
    "created_at": "2026-11-09T12:00:00Z",
    "updated_at": "2026-11-09T12:00:00Z",
}
EX_NOTIFICATION = {
    "id": 5,
    "home": "SC005045",
    "duty": "reg40_police",
    "description": "Serious incident; police called.",
    "happened_at": "2026-10-30T22:10:00Z",
    "hmci_notified_at": "2026-10-31T08:30:00Z",
    "placing_authority_notified_at": "2026-10-31T09:00:00Z",
    "local_authority_notified_at": None,
    "provider_notified_at": None,
    "police_notified_at": "2026-10-30T22:15:00Z",
    "parties": [
        {
            "party": "hmci",
            "notified_at": "2026-10-31T08:30:00Z",
            "late": False,
            "outstanding": False,
        }
    ],
    "created_at": "2026-10-31T08:31:00Z",
    "updated_at": "2026-10-31T09:00:00Z",
}
EX_ACTION = {
    "id": 40,
    "home": "SC005045",
    "source": "visit",
    "visit": 12,
    "review": None,
    "text": "Review the missing-from-care log with staff each week",
    "owner": 31,
    "due_date": "2026-12-12",
    "status": "in_progress",
    "due_state": "due_soon",
    "created_at": "2026-11-14T16:02:11Z",
    "updated_at": "2026-11-21T10:00:00Z",
}
EX_DUTY = {
    "code": "reg45_review",
    "regulation": 45,
    "paragraph": "45(1)",
    "title": "Review of the quality of care",
    "kind": "review",
    "frequency": "every 6 months",
    "send_what": "",
    "send_to": "",
    "deadline": "months:6",
    "verified": True,
    "deadline_verified": True,
    "source_url": "https://www.legislation.gov.uk/uksi/2015/541/regulation/45/made",
    "last_done": "2026-11-09",
    "next_due": "2027-05-09",
    "state": "upcoming",
    "state_label": "Upcoming",
    "late": 0,
    "detail": "",
}


def schemas(name: str, serializer, example: dict, *, writes: bool = True, create: bool = True):
    """Summaries, errors and examples of one resource's operations."""

    def op(summary: str, responses: dict):
        return extend_schema(
            summary=summary, tags=TAG, responses=responses, examples=[docs.example(name, example)]
        )

    ops = {
        "list": op(f"{name}s", {200: serializer(many=True), **docs.LIST_ERRORS}),
        "retrieve": op(f"A {name.lower()}", {200: serializer, **docs.READ_ERRORS}),
        "update": extend_schema(exclude=True),
    }
    if writes:
        ops["partial_update"] = op(
            f"Change a {name.lower()} (provider staff)", {200: serializer, **WRITE_ERRORS}
        )
    if create:
        ops["create"] = op(
            f"Record a {name.lower()} (provider staff)", {201: serializer, **WRITE_ERRORS}
        )
    return extend_schema_view(**ops)
