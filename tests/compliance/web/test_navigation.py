"""Navigation shows each role what it can use."""

import pytest
from django.urls import reverse

EVERYONE = ["My requirements", "Providers", "Regulations", "Calendar feed"]


def nav_of(client, user):
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    return nav


@pytest.mark.parametrize("role", ["manager", "responsible_individual", "registered_manager"])
def test_provider_staff(client, world, role):
    nav = nav_of(client, getattr(world, role))
    assert all(item in nav for item in EVERYONE) and ">Homes<" in nav
    assert "Import a report" not in nav and "Admin" not in nav


def test_regulators_also_search_homes_and_import(client, world):
    nav = nav_of(client, world.regulator)
    assert all(item in nav for item in EVERYONE)
    assert "Search homes" in nav and "Import a report" in nav and "Admin" not in nav


def test_admins_also_reach_the_admin(client, world):
    nav = nav_of(client, world.admin)
    assert "Import a report" in nav and "Admin" in nav


def test_the_current_page_is_marked(client, world):
    client.force_login(world.manager)
    html = client.get(reverse("regulation-list")).content.decode()
    assert f'href="{reverse("regulation-list")}" aria-current="page"' in html


def test_signed_out_pages_have_no_navigation(client, db):
    assert 'class="site-nav"' not in client.get(reverse("signin")).content.decode()
