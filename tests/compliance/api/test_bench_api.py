"""`manage.py bench_api` (make bench-api): it measures every list and summary endpoint as
a staff admin and as the largest provider's manager, beside raw SQL, on PostgreSQL."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.compliance.api.conftest import on_postgresql
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "providers",
    "homes",
    "inspections",
    "requirements",
    "requirements, overdue by due date",
    "a home's requirements",
    "recommendations",
    "people",
    "changes: first page of a full sync",
    "changes: a poll with nothing new",
    "a home's compliance summary",
    "a provider's compliance summary",
]


@pytest.mark.postgres
def test_the_bench_reports_each_endpoint_for_both_roles(world, findings):
    RecommendationFactory(inspection=findings.due_soon.inspection)
    out = io.StringIO()
    call_command("bench_api", repeat=2, stdout=out, stderr=io.StringIO())
    rows = [line.split(" | ") for line in out.getvalue().splitlines() if line.startswith("| ")]
    measured = {(row[0].lstrip("| "), row[1]) for row in rows[1:]}
    for endpoint in ENDPOINTS:
        assert (endpoint, "staff admin") in measured, endpoint
        assert (endpoint, "manager of 1 homes") in measured, endpoint
    for row in rows[1:]:
        p50, p95, sql50, sql95 = (float(cell.strip(" |")) for cell in row[4:8])
        assert 0 < p50 <= p95 and 0 < sql50 <= sql95, row


def test_the_bench_refuses_other_databases(db):
    if on_postgresql():
        pytest.skip("checks the refusal on SQLite (CI's first pass)")
    with pytest.raises(CommandError, match="bench_api measures PostgreSQL"):
        call_command("bench_api", repeat=1)
