"""A list refuses a parameter it does not know, or a value outside a filter's choices, with
a 400 that names it: nothing is silently ignored."""

import pytest


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/api/v1/requirements/?statuss=open", "statuss"),
        ("/api/v1/homes/?judgment=good", "judgment"),
        ("/api/v1/homes/?judgement=excellent", "judgement"),
        ("/api/v1/inspections/?inspection_type=weird", "inspection_type"),
        ("/api/v1/requirements/?regulation=fifty", "regulation"),
        ("/api/v1/people/?page_sise=5", "page_sise"),
        ("/api/v1/duty-visits/?visited=2026-01-01", "visited"),
    ],
)
def test_a_list_names_what_it_cannot_take(world, client_for, url, named):
    response = client_for(world.admin).get(url)
    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [named]


def test_known_parameters_still_work_and_details_are_not_checked(world, findings, client_for):
    client = client_for(world.admin)
    ok = client.get("/api/v1/requirements/?status=open&search=x&ordering=due_date&page_size=5")
    assert ok.status_code == 200
    assert client.get("/api/v1/requirements/?count=true&format=json").status_code == 200
    home = client.get("/api/v1/homes/SC111111/?anything=1")  # a detail takes no filters
    assert home.status_code == 200
