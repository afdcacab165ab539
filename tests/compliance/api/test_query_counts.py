"""Every list answers in a fixed number of queries, whatever the page size; and pages carry
count, next and previous, with the page size capped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.services.lifecycle import change_status
from tests.factories import (
    HomeFactory,
    InspectionFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

ROWS = 12
REQUIREMENTS = ROWS + 3


@pytest.fixture
def many(world):
    """ROWS of everything, over ROWS providers; the manager manages half of them."""
    for n in range(ROWS):
        home = HomeFactory()
        if n % 2:
            MembershipFactory(user=world.manager, provider=home.provider)
        inspection = InspectionFactory(home=home)
        inspection.inspectors.add(PersonFactory(provider=None))
        RequirementFactory(inspection=inspection, owner=home.registered_manager)
        RecommendationFactory(inspection=inspection)
    for _ in range(3):
        RequirementFactory(inspection=InspectionFactory(home=world.home))
    return world


# (url, queries) - the page (one row more, to know of a next page), then one per prefetch;
# with count=true, one more: the count.
LISTS = [
    ("/api/v1/providers/", 1),
    ("/api/v1/homes/", 1),
    ("/api/v1/homes/SC111111/inspections/", 3),  # + the home, + inspectors
    ("/api/v1/homes/SC111111/requirements/", 4),  # + the home, + the page's rows by id
    ("/api/v1/inspections/", 2),  # + inspectors
    # the page's ids, its rows with their joins, the earlier ones they raise again
    ("/api/v1/requirements/", 3),
    ("/api/v1/recommendations/", 1),
    ("/api/v1/regulations/", 1),
    ("/api/v1/people/", 1),
    ("/api/v1/tokens/", 1),
    ("/api/v1/changes/", 1),  # one UNION; a cursor feed, never counted
]


@pytest.mark.parametrize("role", ["manager", "admin"])
@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_a_list_costs_the_same_queries_for_any_page_size(
    many, client_for, django_assert_num_queries, url, queries, settings, role
):
    settings.API_CHANGES_DELAY_SECONDS = 0
    client = client_for(getattr(many, role))
    for _ in range(ROWS):
        client.post("/api/v1/tokens/", {"name": "sync"})
    sizes = []
    for size in (2, 50):
        with django_assert_num_queries(queries):
            response = client.get(f"{url}?page_size={size}")
        assert response.status_code == 200
        sizes.append(len(response.json()["results"]))
        if "changes" not in url:
            with django_assert_num_queries(queries + 1):
                counted = client.get(f"{url}?page_size={size}&count=true").json()
            assert counted["count"] >= sizes[-1] and response.json()["count"] is None
    assert sizes[0] == 2 and sizes[1] > 2, sizes  # the pages really differed in size


def test_summaries_and_details_cost_a_fixed_number_of_queries(
    many, findings, client_for, django_assert_num_queries
):
    admin = client_for(many.admin)
    change_status(
        requirement=findings.overdue, user=many.admin, to_status="met", note="Seen at visit"
    )
    # the home; its latest and latest full inspection; counts per regulation (kept counts,
    # then the dated ones); repeats (with their total); open notices; people without email
    with django_assert_num_queries(8):
        assert admin.get("/api/v1/homes/SC111111/compliance/").status_code == 200
    # the provider; its homes; their judgements; then as for a home
    with django_assert_num_queries(8):
        assert admin.get(f"/api/v1/providers/{many.provider.pk}/compliance/").status_code == 200
    # the requirement, its history, the history's files, its evidence; then the steps the
    # user may take (is the user provider staff: one query, the homes they work on), and the
    # earlier requirements it raises again
    with django_assert_num_queries(6):
        assert admin.get(f"/api/v1/requirements/{findings.overdue.pk}/").status_code == 200


def test_action_plans_stream_in_a_fixed_number_of_queries(many, findings, client_for):
    admin = client_for(many.admin)
    counts = []
    for url in ["/api/v1/homes/SC111111/action-plan/", "/api/v1/homes/SC222222/action-plan/"]:
        with CaptureQueriesContext(connection) as queries:
            response = admin.get(url)
            rows = b"".join(response.streaming_content).count(b"\n") - 1
        counts.append((len(queries), rows))
    assert counts[0][0] == counts[1][0] == 2  # the home, then the rows
    assert counts[0][1] != counts[1][1]


def test_pages_have_count_next_and_previous(many, client_for):
    client = client_for(many.admin)
    first = client.get("/api/v1/requirements/?page_size=5").json()
    assert first["count"] is None  # counted only when asked
    assert client.get("/api/v1/requirements/?page_size=5&count=true").json()["count"] == (
        REQUIREMENTS
    )
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/requirements/?page=2&page_size=5")
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(last["results"]) == REQUIREMENTS - 10
    assert last["next"] is None
    assert "page=2" in last["previous"]
    seen = {
        r["id"]
        for page in (1, 2, 3)
        for r in client.get(f"/api/v1/requirements/?page_size=5&page={page}").json()["results"]
    }
    assert len(seen) == REQUIREMENTS  # pages never overlap
    # A last page that is exactly full has no next page; the one after it is a 404.
    full = client.get(f"/api/v1/requirements/?page_size={REQUIREMENTS // 3}&page=3").json()
    assert len(full["results"]) == REQUIREMENTS // 3 and full["next"] is None
    assert (
        client.get(f"/api/v1/requirements/?page_size={REQUIREMENTS // 3}&page=4").status_code == 404
    )


def test_the_page_size_is_capped(many, client_for, settings):
    settings.API_MAX_PAGE_SIZE = 3
    response = client_for(many.admin).get("/api/v1/requirements/?page_size=1000")
    assert len(response.json()["results"]) == 3


def test_bad_page_numbers(many, client_for):
    client = client_for(many.admin)
    for bad in ["0", "-1", "x", "1.5", "\u0661"]:
        response = client.get(f"/api/v1/requirements/?page={bad}")
        assert response.status_code == 400, bad
        assert list(response.json()["fields"]) == ["page"]
    assert client.get("/api/v1/requirements/?page=99").status_code == 404
    response = client.get("/api/v1/requirements/?count=maybe")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["count"]
    assert list(client.get("/api/v1/requirements/?page_size=0").json()["fields"]) == ["page_size"]
