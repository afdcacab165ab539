"""Signing in and out with the site's own pages."""

from django.urls import reverse

SIGNIN = reverse("signin")


def test_sign_in_goes_to_my_requirements(client, world):
    response = client.post(SIGNIN, {"username": "manager", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_sign_in_returns_to_the_page_asked_for(client, world):
    target = reverse("home-detail", kwargs={"urn": world.home.urn})
    response = client.post(
        SIGNIN, {"username": "manager", "password": "correct-horse-battery", "next": target}
    )
    assert response["Location"] == target


def test_sign_in_ignores_a_next_on_another_site(client, world):
    response = client.post(
        SIGNIN,
        {"username": "manager", "password": "correct-horse-battery", "next": "https://evil.test/"},
    )
    assert response["Location"] == reverse("dashboard")


def test_wrong_password_keeps_the_username_and_says_what_is_wrong(client, world):
    response = client.post(SIGNIN, {"username": "manager", "password": "nope"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a correct username and password" in html
    assert 'value="manager"' in html
    assert "<title>Error: Sign in" in html


def test_empty_fields_are_named(client, db):
    response = client.post(SIGNIN, {})
    errors = response.context["form"].errors
    assert errors["username"] == ["Enter your username."]
    assert errors["password"] == ["Enter your password."]


def test_sign_out_needs_a_post_and_ends_the_session(client, world):
    client.force_login(world.manager)
    assert client.get(reverse("signout")).status_code == 405

    response = client.post(reverse("signout"), follow=True)

    assert response.redirect_chain[-1][0] == SIGNIN
    assert "You have signed out." in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_login_url_is_the_sign_in_page(settings):
    assert reverse(settings.LOGIN_URL) == SIGNIN


def test_sign_in_page_needs_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(SIGNIN).status_code == 200
