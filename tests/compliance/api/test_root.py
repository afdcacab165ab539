"""The API root lists every resource, and each link it gives leads somewhere."""

from django.urls import Resolver404, resolve


def test_every_root_link_resolves_and_the_duty_lists_are_there(world, client_for):
    links = client_for(world.admin).get("/api/v1/").json()
    assert {"duty_visits", "duty_reviews", "duty_notifications", "duty_actions"} <= set(links)
    for name, url in links.items():
        path = url.removeprefix("http://testserver")
        try:
            resolve(path)
        except Resolver404:  # pragma: no cover - the failure is the message
            raise AssertionError(f"{name}: {path} leads nowhere") from None
    for name in ("duty_visits", "duty_reviews", "duty_notifications", "duty_actions"):
        assert client_for(world.manager).get(links[name]).status_code == 200, name
