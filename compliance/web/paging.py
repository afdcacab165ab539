"""Pagination for every list: a page of rows plus links that keep the other query parameters
(filters stay in the URL). The rows are fetched here, so a page costs the same two queries
(count and slice) however the template uses it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

from compliance.selectors import homes_missing_reminder_emails


@dataclass
class Pager:
    page: Page
    items: list
    param: str
    label: str
    query: QueryDict

    def url_for(self, number: int) -> str:
        query = self.query.copy()
        query[self.param] = str(number)
        return f"?{query.urlencode()}"

    @property
    def prev_url(self) -> str:
        return self.url_for(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url_for(self.page.next_page_number()) if self.page.has_next() else ""


def paginate(
    request: HttpRequest, rows, *, per_page: int, param: str = "page", label: str = "Results"
) -> Pager:
    """The requested page of `rows` (a queryset or list); a bad page number gives the
    nearest real page rather than an error."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    return Pager(
        page=page, items=list(page.object_list), param=param, label=label, query=request.GET
    )


def reminder_gaps(request: HttpRequest, *, homes) -> Pager:
    """The page of the people of `homes` whom reminders cannot reach (no email address)."""
    return paginate(
        request,
        homes_missing_reminder_emails(homes=homes),
        per_page=10,
        param="gaps_page",
        label="People without an email address",
    )
