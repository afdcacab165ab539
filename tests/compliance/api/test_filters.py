"""List filters: several values (OR), case ignored, each understood or refused by name; and
the due-state filters agree with compliance.rules.due_state row by row."""

import datetime as dt

import pytest

from compliance.rules import Due, due_state, today_in_london
from inspections.models import Requirement
from tests.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world, client_for):
    return client_for(world.admin)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def pks(*requirements):
    return {r.pk for r in requirements}


def test_several_statuses_match_any_and_case_is_ignored(admin, findings):
    f = findings
    expected = pks(f.upcoming, f.awaiting, f.met)
    for query in [
        "status=in_progress,action_completed,met",
        "status=IN_PROGRESS,Action%20Completed,MET",
        "status=in_progress&status=action_completed,met",
        "status=in-progress,%20action_completed%20,met,",
    ]:
        assert ids(admin.get(f"/api/v1/requirements/?{query}&page_size=100")) == expected, query


def test_an_unknown_value_is_a_400_naming_the_parameter_and_the_choices(admin, findings):
    response = admin.get("/api/v1/requirements/?status=open,opne&judgement=brilliant")
    assert response.status_code == 400
    body = response.json()
    assert set(body["fields"]) == {"status", "judgement"}
    assert "opne" in body["fields"]["status"][0]
    assert "in_progress" in body["fields"]["status"][0]


@pytest.mark.parametrize("state", [d.value for d in Due])
def test_due_state_filter_agrees_with_the_rule_row_by_row(admin, findings, state):
    today = today_in_london()
    expected = {
        r.pk
        for r in Requirement.objects.all()
        if due_state(status=r.status, due_date=r.due_date, today=today).state == state
    }
    response = admin.get(f"/api/v1/requirements/?due_state={state.upper()}&page_size=100")
    assert ids(response) == expected
    assert all(row["due_state"]["state"] == state for row in response.json()["results"])


def test_every_requirement_has_exactly_one_due_state(admin, findings):
    everything = ",".join(d.value for d in Due)
    response = admin.get(f"/api/v1/requirements/?due_state={everything}&page_size=100&count=true")
    assert response.json()["count"] == Requirement.objects.count()


def test_overdue_true_and_false_split_the_list_including_undated(admin, findings):
    f = findings
    assert ids(admin.get("/api/v1/requirements/?overdue=true")) == pks(f.overdue, f.elsewhere)
    not_overdue = ids(admin.get("/api/v1/requirements/?overdue=FALSE&page_size=100"))
    assert f.undated.pk in not_overdue
    assert not_overdue == {r.pk for r in Requirement.objects.all()} - pks(f.overdue, f.elsewhere)
    response = admin.get("/api/v1/requirements/?overdue=maybe")
    assert response.json()["fields"] == {"overdue": ["Give true or false."]}


def test_due_date_range_is_inclusive(admin, findings):
    today = today_in_london()
    query = f"due_after={today}&due_before={today + dt.timedelta(days=10)}"
    assert ids(admin.get(f"/api/v1/requirements/?{query}")) == pks(
        findings.due_today, findings.due_soon
    )
    british = today.strftime("%d/%m/%Y")
    assert ids(admin.get(f"/api/v1/requirements/?due_after={british}&due_before={british}")) == (
        pks(findings.due_today)
    )
    bad = admin.get("/api/v1/requirements/?due_before=31/02/2025")
    assert list(bad.json()["fields"]) == ["due_before"]


def test_regulation_home_provider_and_compliance_notice(admin, world, findings):
    f = findings
    assert ids(admin.get("/api/v1/requirements/?regulation=13,Regulation%2099")) == pks(
        f.due_today, f.met
    )
    assert ids(admin.get("/api/v1/requirements/?home=sc222222")) == pks(f.elsewhere)
    both = admin.get("/api/v1/requirements/?home=sc222222,SC111111&page_size=100&count=true")
    assert both.json()["count"] == Requirement.objects.count()
    assert ids(admin.get(f"/api/v1/requirements/?provider={world.other_provider.pk}")) == pks(
        f.elsewhere
    )
    assert ids(admin.get("/api/v1/requirements/?compliance_notice=yes")) == pks(f.overdue)
    assert ids(admin.get("/api/v1/requirements/?repeated=true")) == pks(f.due_today)
    assert list(admin.get("/api/v1/requirements/?regulation=x").json()["fields"]) == ["regulation"]
    huge = admin.get(f"/api/v1/requirements/?provider={10**30}")
    assert list(huge.json()["fields"]) == ["provider"]


def test_judgement_inspection_type_and_inspection_dates(admin, world, findings):
    f = findings
    older = f.met.inspection  # interim, outcome improved_effectiveness
    assert ids(admin.get("/api/v1/requirements/?judgement=Improved%20effectiveness")) == pks(f.met)
    assert ids(admin.get("/api/v1/requirements/?inspection_type=INTERIM")) == pks(f.met)
    on_day = f"inspected_after={older.start_date}&inspected_before={older.start_date}"
    assert ids(admin.get(f"/api/v1/requirements/?{on_day}")) == pks(f.met)
    inspections = admin.get("/api/v1/inspections/?judgement=good&home=SC111111").json()
    assert [i["id"] for i in inspections["results"]] == [f.overdue.inspection_id]
    history = InspectionFactory(home=world.home, known_from_history_only=True)
    assert [
        i["id"] for i in admin.get("/api/v1/inspections/?history_only=true").json()["results"]
    ] == [history.pk]


def test_recommendations_homes_people_and_regulations_filter_too(admin, world, findings):
    recommendation = RecommendationFactory(inspection=findings.elsewhere.inspection)
    assert ids(admin.get("/api/v1/recommendations/?home=SC222222")) == {recommendation.pk}
    assert ids(admin.get("/api/v1/recommendations/?home=SC111111")) == set()
    homes = admin.get(
        f"/api/v1/homes/?provider={world.provider.pk},{world.other_provider.pk}&count=true"
    )
    assert homes.json()["count"] == 2
    assert [h["urn"] for h in admin.get("/api/v1/homes/?urn=sc111111").json()["results"]] == [
        "SC111111"
    ]
    world.home.registered_manager.email = ""
    world.home.registered_manager.save()
    no_email = admin.get("/api/v1/people/?has_email=false").json()["results"]
    assert [p["id"] for p in no_email] == [world.home.registered_manager.pk]
    numbers = admin.get("/api/v1/regulations/?number=13,12").json()["results"]
    assert [r["number"] for r in numbers] == [12, 13]


def test_search_matches_every_word_in_any_field(admin, findings):
    findings.due_soon.text = "Fire doors must close properly"
    findings.due_soon.save()
    assert ids(admin.get("/api/v1/requirements/?search=FIRE%20doors")) == pks(findings.due_soon)
    assert ids(admin.get("/api/v1/requirements/?search=fire%20windows")) == set()
    assert admin.get("/api/v1/homes/?search=oak%20tree&count=true").json()["count"] == 1


def test_ordering_by_named_fields_with_descending_and_a_stable_tie_break(admin, findings):
    response = admin.get("/api/v1/requirements/?ordering=-due_date&page_size=100&home=SC111111")
    dates = [row["due_date"] for row in response.json()["results"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[-1] is None  # undated last, on every database
    by_status = admin.get("/api/v1/requirements/?ordering=status,-id&page_size=100").json()
    keys = [(row["status"], -row["id"]) for row in by_status["results"]]
    assert keys == sorted(keys)
    bad = admin.get("/api/v1/requirements/?ordering=text")
    assert bad.status_code == 400
    assert "due_date" in bad.json()["fields"]["ordering"][0]


def test_too_many_values_are_refused(admin, findings):
    response = admin.get("/api/v1/requirements/?home=" + ",".join(["SC1"] * 101))
    assert list(response.json()["fields"]) == ["home"]
