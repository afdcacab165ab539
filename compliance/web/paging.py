"""Pagination for every list: a page of rows plus links that keep the other query parameters
(filters stay in the URL). The rows are fetched here, so a page costs the same two queries
(count and slice) however the template uses it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property

from compliance.selectors import homes_missing_reminder_emails


@dataclass
class Pager:
    page: Page
    items: list
    param: str
    label: str
    query: QueryDict
    rows: list | None = None  # the items paired with what their rows show, where a view adds it

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


class _CountedPaginator(Paginator):
    """Counts a cheaper queryset of the same rows (no per-row annotations to compute)."""

    def __init__(self, rows, per_page, *, count_of):
        super().__init__(rows, per_page)
        self.count_of = count_of

    @cached_property
    def count(self) -> int:
        return self.count_of.count()


def paginate(
    request: HttpRequest,
    rows,
    *,
    per_page: int,
    param: str = "page",
    label: str = "Results",
    count_of=None,
) -> Pager:
    """The requested page of `rows` (a queryset or list); a bad page number gives the
    nearest real page rather than an error. `count_of`: the same rows without `rows`'
    annotations, counted instead (an annotated GROUP BY would be computed for every row)."""
    if count_of is None:
        paginator = Paginator(rows, per_page)
    else:
        paginator = _CountedPaginator(rows, per_page, count_of=count_of)
    page = paginator.get_page(request.GET.get(param))
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
