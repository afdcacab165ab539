"""The private iCalendar feed: a page to create, replace or revoke the URL, and the feed
itself, which is read by calendar apps without a session (the token is the key)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from compliance.rules import active_q, awaiting_confirmation_q
from compliance.selectors import live_calendar_feed, requirements_visible_to
from compliance.services.calendar_feeds import create_calendar_feed, revoke_calendar_feeds
from compliance.web import conf, ical
from providers.models import CalendarFeed


def feed_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar-feed", kwargs={"token": token})


@login_required
def calendar_settings(request):
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            _, token = create_calendar_feed(user=request.user)
            new_url = feed_url(token)
        elif action == "revoke":
            revoke_calendar_feeds(user=request.user)
            messages.success(request, "Your calendar feed URL is revoked: it no longer works.")
            return redirect("calendar-settings")
    live = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(
        request,
        "web/calendar.html",
        {"nav": "calendar", "live": live, "new_url": new_url},
    )


def calendar_feed(request, token):
    feed = live_calendar_feed(token=token)
    if feed is None:
        raise Http404("No such calendar feed.")
    requirements = (
        requirements_visible_to(user=feed.user)
        .filter(active_q() | awaiting_confirmation_q(), due_date__isnull=False)
        .order_by("due_date", "pk")[: conf.get("CALENDAR_FEED_MAX_EVENTS")]
    )
    site = settings.SITE_URL.rstrip("/")
    host = urlsplit(site).hostname or "localhost"
    events = [
        ical.AllDayEvent(
            uid=f"requirement-{r.pk}@{host}",
            day=r.due_date,
            summary=f"{r.inspection.home}: {r.citation} due",
            description=(
                f"{r.summary}\n{r.inspection.home}, {r.inspection.home.provider.name}\n"
                f"Status: {r.get_status_display()}\n\n{r.text}"
            ),
            url=site + reverse("requirement-detail", kwargs={"pk": r.pk}),
        )
        for r in requirements
    ]
    body = ical.calendar(
        name="Requirement due dates",
        events=events,
        stamp=timezone.now(),
        product="-//Children's homes compliance//Due dates//EN",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="requirements.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
