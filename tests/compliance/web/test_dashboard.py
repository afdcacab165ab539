"""'My requirements': counts, the list (overdue first, filters in the URL, paginated), the
homes panel, the missing-email warning, scope per role and a fixed query count."""

import datetime as dt

import pytest
from django.urls import reverse

from compliance.rules import ACTIVE_STATUSES, CLOSED_STATUSES, due_state
from inspections.models import RequirementStatus
from tests.compliance.web.conftest import grow, grow_homes
from tests.factories import HomeFactory, InspectionFactory, RequirementFactory

URL = reverse("dashboard")


def listed_ids(response):
    return [row.requirement.pk for row in response.context["rows"]]


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('signin')}?next=/"


def test_counts_follow_the_due_rules(client, world, today):
    inspection = InspectionFactory(home=world.home)
    overdue = RequirementFactory(inspection=inspection, due_date=today - dt.timedelta(days=1))
    RequirementFactory(inspection=inspection, due_date=today + dt.timedelta(days=14))
    RequirementFactory(
        inspection=inspection,
        status=RequirementStatus.ACTION_COMPLETED,
        due_date=today - dt.timedelta(days=3),
    )
    RequirementFactory(inspection=inspection, status=RequirementStatus.MET)
    RequirementFactory(inspection=InspectionFactory(home=world.other_home))  # not theirs
    client.force_login(world.manager)

    counts = client.get(URL).context["counts"]

    assert (counts["overdue"], counts["due_14"]) == (1, 1)
    assert (counts["awaiting_confirmation"], counts["open"]) == (1, 2)
    assert due_state(status=overdue.status, due_date=overdue.due_date, today=today).is_overdue


def test_overdue_come_first_then_by_due_date(client, world, today):
    inspection = InspectionFactory(home=world.home)
    later = RequirementFactory(inspection=inspection, due_date=today + dt.timedelta(days=30))
    soon = RequirementFactory(inspection=inspection, due_date=today + dt.timedelta(days=2))
    undated = RequirementFactory(inspection=inspection, due_date=None)
    very_late = RequirementFactory(inspection=inspection, due_date=today - dt.timedelta(days=40))
    late = RequirementFactory(inspection=inspection, due_date=today - dt.timedelta(days=2))
    # Past its date but awaiting confirmation: not overdue, so it sorts by date after them.
    awaiting = RequirementFactory(
        inspection=inspection,
        status=RequirementStatus.ACTION_COMPLETED,
        due_date=today - dt.timedelta(days=50),
    )
    client.force_login(world.manager)

    response = client.get(URL)

    expected = [very_late.pk, late.pk, awaiting.pk, soon.pk, later.pk, undated.pk]
    assert listed_ids(response) == expected
    html = response.content.decode()
    results = html[html.index('id="requirement-results"') : html.index('id="homes-heading"')]
    # Overdue is said in words with an icon, not only by colour.
    assert results.count('class="is-overdue"') == 2
    assert "<svg" in results and "Overdue" in results and "40 days overdue" in results


def test_filters_are_read_from_the_url(client, world, today):
    mine = grow(world.home, inspections=1, requirements=5, today=today)
    second = HomeFactory(provider=world.provider)
    extra = grow(second, inspections=1, requirements=5, today=today)
    client.force_login(world.manager)

    by_home = listed_ids(client.get(URL, {"home": second.urn, "status": "all"}))
    assert sorted(by_home) == sorted(r.pk for r in extra)

    by_regulation = listed_ids(client.get(URL, {"regulation": 13, "status": "all"}))
    assert sorted(by_regulation) == sorted(r.pk for r in mine + extra if r.regulation_id == 13)

    met = listed_ids(client.get(URL, {"status": "met"}))
    assert sorted(met) == sorted(r.pk for r in mine + extra if r.status == "met")

    overdue = client.get(URL, {"due": "overdue"})
    expected = [
        r.pk
        for r in mine + extra
        if due_state(status=r.status, due_date=r.due_date, today=today).is_overdue
    ]
    assert expected and sorted(listed_ids(overdue)) == sorted(expected)
    assert all(row.is_overdue for row in overdue.context["rows"])

    within = listed_ids(client.get(URL, {"due": "due_14"}))
    assert sorted(within) == sorted(
        r.pk
        for r in mine + extra
        if r.status in ACTIVE_STATUSES and 0 <= (r.due_date - today).days <= 14
    )


def test_default_list_leaves_out_closed_requirements(client, world, today):
    made = grow(world.home, inspections=1, requirements=5, today=today)
    client.force_login(world.manager)

    listed = listed_ids(client.get(URL))

    assert sorted(listed) == sorted(r.pk for r in made if r.status not in CLOSED_STATUSES)


def test_bad_filter_values_are_reported_not_crashed(client, world):
    client.force_login(world.manager)

    response = client.get(URL, {"status": "nonsense", "home": "SC999999"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"status", "home"}
    assert "There is a problem" in response.content.decode()


def test_pages_keep_the_filters(client, world, today):
    grow(world.home, inspections=6, requirements=6, today=today)
    client.force_login(world.manager)

    response = client.get(URL, {"status": "all"})

    pager = response.context["pager"]
    assert pager.page.paginator.count == 36 and len(pager.items) == 25
    assert pager.next_url == "?status=all&page=2"
    second = client.get(URL, {"status": "all", "page": 2})
    assert len(second.context["rows"]) == 11


def test_each_role_sees_its_own_homes_only(client, world, grown):
    mine, theirs = grown
    for user in (world.manager, world.responsible_individual, world.registered_manager):
        client.force_login(user)
        response = client.get(URL, {"status": "all"})
        assert set(listed_ids(response)) == {r.pk for r in mine}, user
        assert world.other_home.urn not in response.content.decode()
    client.force_login(world.regulator)
    assert set(listed_ids(client.get(URL, {"status": "all"}))) == {r.pk for r in mine + theirs}
    client.force_login(world.outsider)
    outsider = client.get(URL, {"status": "all"})
    assert listed_ids(outsider) == [] and outsider.context["counts"]["open"] == 0
    assert "not linked to any home" in outsider.content.decode()


def test_homes_panel_shows_latest_judgements_and_counts(client, world, today):
    grow(world.home, inspections=2, requirements=5, today=today)
    latest = world.home.inspections.filter(known_from_history_only=False).latest("start_date")
    latest.overall_experiences = "inadequate"
    latest.save()
    client.force_login(world.manager)

    home, judgements = client.get(URL).context["home_pager"].rows[0]

    assert home.pk == world.home.pk
    assert judgements.overall.label == "Inadequate"
    assert home.judged_on == latest.start_date
    assert (
        home.open_count
        == world.home.inspections.filter(requirements__status__in=ACTIVE_STATUSES).count()
    )
    assert home.overdue_count >= 1


def test_warns_where_reminders_cannot_reach_someone(client, world):
    person = world.home.responsible_individual
    person.email = ""
    person.save()
    client.force_login(world.manager)

    response = client.get(URL)

    gaps = response.context["gaps"]
    assert [(g["person"], g["role"]) for g in gaps.items] == [(person, "responsible individual")]
    assert "Reminders cannot reach 1 person" in response.content.decode()


def test_regulators_get_no_reminder_warning(client, world):
    world.home.responsible_individual.email = ""
    world.home.responsible_individual.save()
    client.force_login(world.regulator)

    assert client.get(URL).context["gaps"] is None


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed_for_a_manager(client, world, today, size, django_assert_num_queries):
    grow_homes(size, size=size, provider=world.provider)
    client.force_login(world.manager)
    with django_assert_num_queries(13):  # 10, duty counts, kept + dated counts, bulk owners
        response = client.get(URL, {"status": "all"})
    assert len(response.context["rows"]) == min(size * size * size, 25)


@pytest.mark.parametrize("size", [1, 6])
def test_query_count_is_fixed_for_a_regulator(client, world, size, django_assert_num_queries):
    grow_homes(size, size=size)
    client.force_login(world.regulator)
    with django_assert_num_queries(11):  # 9, the duty counts, and counts kept plus dated
        client.get(URL, {"due": "overdue", "regulation": 12})


def test_each_row_says_what_its_requirement_is_about(client, world):
    from tests.factories import RequirementFactory

    row = RequirementFactory(
        inspection__home=world.home,
        text="The registered person must ensure that fire doors close properly.",
        detail="This specifically relates to managers ensuring the kitchen fire door is fixed.",
    )
    client.force_login(world.manager)
    html = client.get("/").content.decode()
    assert row.summary == "Managers ensuring the kitchen fire door is fixed"
    assert row.summary in html
