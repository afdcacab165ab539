"""What the schema says beyond the code: the error answers of each endpoint and an example
of each resource. Kept apart so the views stay readable."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from compliance.api.errors import ErrorSerializer

BASE = "https://compliance.example.org/api/v1"

ERRORS = {
    400: (
        "Bad input: `fields` names each field or query parameter at fault.",
        {
            "status": 400,
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": {"status": ["'opne' is not one of: open, in_progress, ..."]},
        },
    ),
    401: (
        "No valid token or session.",
        {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        },
    ),
    403: (
        "Your role may not do this.",
        {
            "status": 403,
            "code": "permission_denied",
            "message": "Only regulators and staff admins import reports.",
        },
    ),
    404: (
        "Not found, or outside what you may see (the two are not told apart).",
        {"status": 404, "code": "not_found", "message": "Not found."},
    ),
    413: (
        "The upload is too large.",
        {"status": 413, "code": "too_large", "message": "The request is too large."},
    ),
    415: (
        "Send JSON or multipart/form-data.",
        {
            "status": 415,
            "code": "unsupported_media_type",
            "message": 'Unsupported media type "text/plain" in request.',
        },
    ),
    429: (
        "Too many requests: wait Retry-After seconds.",
        {
            "status": 429,
            "code": "throttled",
            "message": "Request was throttled. Expected available in 12 seconds.",
            "retry_after": 12,
        },
    ),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {
        code: OpenApiResponse(
            ErrorSerializer,
            description=ERRORS[code][0],
            examples=[OpenApiExample(f"Error {code}", value=ERRORS[code][1])],
        )
        for code in codes
    }


def example(name: str, value, **kwargs) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, **kwargs)


LIST_ERRORS = errors(400, 401, 404, 429)
READ_ERRORS = errors(401, 404, 429)
WRITE_ERRORS = errors(400, 401, 404, 413, 415, 429)

URN_PARAMETER = OpenApiParameter(
    "urn", OpenApiTypes.STR, OpenApiParameter.PATH, description="The home's Ofsted URN."
)

PROVIDER_REF = {"id": 7, "name": "Oak Tree Care Limited", "url": f"{BASE}/providers/7/"}
HOME_REF = {"urn": "SC005045", "name": "", "url": f"{BASE}/homes/SC005045/"}

PROVIDER = {
    "id": 7,
    "url": f"{BASE}/providers/7/",
    "name": "Oak Tree Care Limited",
    "address": "1 High Street, Leeds LS1 1AA",
    "links": {
        "homes": f"{BASE}/homes/?provider=7",
        "compliance": f"{BASE}/providers/7/compliance/",
        "action_plan": f"{BASE}/providers/7/action-plan/",
    },
    "created_at": "2025-03-01T09:30:00Z",
    "updated_at": "2025-03-01T09:30:00Z",
}

HOME = {
    "urn": "SC005045",
    "url": f"{BASE}/homes/SC005045/",
    "name": "",
    "provider": PROVIDER_REF,
    "provision_subtype": "Children's home",
    "capacity": 4,
    "age_min": 11,
    "age_max": 18,
    "description": "This private home provides care and accommodation for up to four children.",
    "responsible_individual": {"id": 31, "name": "Jane Smith"},
    "registered_manager": {"id": 32, "name": "Sam Jones"},
    "links": {
        "inspections": f"{BASE}/homes/SC005045/inspections/",
        "requirements": f"{BASE}/homes/SC005045/requirements/",
        "compliance": f"{BASE}/homes/SC005045/compliance/",
        "action_plan": f"{BASE}/homes/SC005045/action-plan/",
    },
    "created_at": "2025-03-01T09:30:00Z",
    "updated_at": "2025-03-01T09:30:00Z",
}

INSPECTION = {
    "id": 120,
    "url": f"{BASE}/inspections/120/",
    "home": HOME_REF,
    "provider": PROVIDER_REF,
    "inspection_type": "full",
    "start_date": "2025-02-11",
    "end_date": "2025-02-12",
    "headline_judgement": "requires_improvement",
    "overall_experiences": "requires_improvement",
    "help_and_protection": "requires_improvement",
    "leadership_and_management": "inadequate",
    "outcome": None,
    "previous_inspection_date": "2024-03-05",
    "previous_inspection_judgement": "good",
    "enforcement_action": "",
    "known_from_history_only": False,
    "inspectors": ["Alex Brown"],
    "requirements": f"{BASE}/homes/SC005045/requirements/"
    "?inspected_after=2025-02-11&inspected_before=2025-02-11",
    "created_at": "2025-03-01T09:30:00Z",
    "updated_at": "2025-03-01T09:30:00Z",
}

DUE_STATE = {
    "state": "overdue",
    "label": "Overdue",
    "days_left": -3,
    "description": "3 days overdue",
}

REQUIREMENT = {
    "id": 901,
    "url": f"{BASE}/requirements/901/",
    "home": HOME_REF,
    "provider": PROVIDER_REF,
    "inspection": {
        "id": 120,
        "inspection_type": "full",
        "start_date": "2025-02-11",
        "url": f"{BASE}/inspections/120/",
    },
    "regulation": {"number": 12, "title": "The protection of children standard"},
    "sequence": 1,
    "citation": "Regulation 12(1)(2)(a)(i)",
    "text": "The registered person must ensure that staff assess whether each child is at risk.",
    "detail": "This specifically relates to risk assessments.",
    "due_date": "2025-04-01",
    "compliance_notice": False,
    "status": "in_progress",
    "status_label": "In progress",
    "due_state": DUE_STATE,
    "owner": {"id": 32, "name": "Sam Jones"},
    "resolved_by": None,
    "replaced_by": None,
    "replaces": [],
    "created_at": "2025-03-01T09:30:00Z",
    "updated_at": "2025-03-10T14:02:11Z",
}

REQUIREMENT_DETAIL = {
    **REQUIREMENT,
    "history": [
        {
            "id": 5001,
            "kind": "status",
            "actor_name": "Jane Smith",
            "from_status": "open",
            "to_status": "in_progress",
            "note": "Risk assessments to be rewritten by the end of March.",
            "created_at": "2025-03-10T14:02:11Z",
            "files": [],
        }
    ],
    "evidence": [],
    "allowed_steps": [{"to_status": "action_completed", "label": "Action completed"}],
}

RECOMMENDATION = {
    "id": 77,
    "url": f"{BASE}/recommendations/77/",
    "home": HOME_REF,
    "provider": PROVIDER_REF,
    "inspection": REQUIREMENT["inspection"],
    "sequence": 1,
    "text": "Ensure that records of restraint are completed within 24 hours.",
    "guide_page": 47,
    "guide_paragraph": "9.59",
    "created_at": "2025-03-01T09:30:00Z",
    "updated_at": "2025-03-01T09:30:00Z",
}

REGULATION = {
    "number": 12,
    "url": f"{BASE}/regulations/12/",
    "title": "The protection of children standard",
    "part": "Part 2: The quality standards",
    "title_verified": True,
}

PERSON = {
    "id": 32,
    "url": f"{BASE}/people/32/",
    "name": "Sam Jones",
    "provider": PROVIDER_REF,
    "email": "sam.jones@oaktree.example",
    "advance_reminders": True,
    "created_at": "2025-03-01T09:30:00Z",
    "updated_at": "2025-03-01T09:30:00Z",
}

TOKEN = {
    "id": 3,
    "name": "Rota system sync",
    "prefix": "cht_Xw3b9QaL",
    "created_at": "2025-03-01T09:30:00Z",
    "last_used_at": "2025-03-02T06:00:04Z",
    "revoked_at": None,
}
NEW_TOKEN = {**TOKEN, "last_used_at": None, "key": "cht_Xw3b9QaLq0mR1v4Y8e2Tn6Ku5Hc7Jd3Pz9Ws1Bx0Fg"}

COUNTS = {
    "open": 4,
    "due_14": 1,
    "due_28": 2,
    "overdue": 1,
    "awaiting_confirmation": 1,
    "met": 12,
    "not_met": 0,
    "compliance_notices_open": 1,
    "repeated_open": 1,
    "raised_again": 2,
    "not_raised_again": 1,
}
BRIEF = {
    "id": 901,
    "url": f"{BASE}/requirements/901/",
    "home": HOME_REF,
    "citation": "Regulation 12(1)(2)(a)(i)",
    "regulation": 12,
    "inspection_date": "2025-02-11",
    "due_date": "2025-04-01",
    "status": "in_progress",
    "due_state": DUE_STATE,
}
SUMMARY_PARTS = {
    "today": "2025-04-04",
    "counts": COUNTS,
    "by_regulation": [
        {"regulation": {"number": 12, "title": "The protection of children standard"}, **COUNTS}
    ],
    "repeated_breaches": {
        "count": 1,
        "list_url": f"{BASE}/homes/SC005045/requirements/?repeated=true",
        "items": [
            {
                **BRIEF,
                "repeats": {
                    "id": 640,
                    "citation": "Regulation 12(1)",
                    "inspection_date": "2024-03-05",
                    "status": "met",
                },
            }
        ],
    },
    "open_compliance_notices": {
        "count": 1,
        "list_url": f"{BASE}/homes/SC005045/requirements/"
        "?compliance_notice=true&status=open,in_progress",
        "items": [BRIEF],
    },
    "people_without_email": [
        {"home": HOME_REF, "role": "registered manager", "person": {"id": 32, "name": "Sam Jones"}}
    ],
}
LATEST = {
    "id": 120,
    "url": f"{BASE}/inspections/120/",
    "inspection_type": "full",
    "start_date": "2025-02-11",
    "headline_judgement": "requires_improvement",
    "overall_experiences": "requires_improvement",
    "help_and_protection": "requires_improvement",
    "leadership_and_management": "inadequate",
    "outcome": None,
}
HOME_COMPLIANCE = {
    "home": HOME_REF,
    "latest_inspection": LATEST,
    "latest_full_inspection": LATEST,
    **SUMMARY_PARTS,
}
PROVIDER_COMPLIANCE = {
    "provider": PROVIDER_REF,
    "homes": 3,
    "latest_judgements": {"good": 2, "requires_improvement": 1},
    **SUMMARY_PARTS,
}

CHANGES = {
    "since": "2025-04-01T00:00:00Z",
    "until": "2025-04-04T09:59:50Z",
    "next": None,
    "results": [
        {
            "kind": "requirement",
            "id": "901",
            "url": f"{BASE}/requirements/901/",
            "change": "updated",
            "changed_at": "2025-04-02T10:15:00.123456Z",
        },
        {
            "kind": "history",
            "id": "5002",
            "url": f"{BASE}/requirements/901/",
            "change": "created",
            "changed_at": "2025-04-02T10:15:00.120001Z",
        },
    ],
}

IMPORT_RESULT = {
    "committed": False,
    "source": "SC005045 report.pdf",
    "outcome": "created",
    "urn": "SC005045",
    "inspection_label": "full inspection 11/02/2025",
    "inspection": None,
    "counts": {"requirements created": 3, "recommendations created": 2, "documents stored": 1},
    "changes": ["inspection created", "requirement 1 created"],
    "resolutions": [
        "Regulation 12(1) (inspection 05/03/2024) raised again at the full inspection of "
        "12/03/2025 as Regulation 12(1): closed as not met"
    ],
    "warnings": [],
}

ACTION_PLAN_CSV = (
    '"Home URN","Home name","Provider","Inspection date","Regulation","Regulation title",'
    '"Citation","Requirement","Due date","Status","Due state","Compliance notice","Owner",'
    '"Last note","Last note date"\r\n'
    '"SC005045","","Oak Tree Care Limited","11/02/2025","12",'
    '"The protection of children standard","Regulation 12(1)","The registered person must...",'
    '"01/04/2025","In progress","Overdue (3 days overdue)","no","Sam Jones",'
    '"Risk assessments to be rewritten","10/03/2025"\r\n'
)
