"""Page-number pagination: `count`, `next`, `previous`, `results`; page size capped.

A page that is not a positive whole number, or a page size that is not, is a 400 naming
the parameter; a page past the end is a 404. Page sizes above API_MAX_PAGE_SIZE are cut
to it.
"""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination

from compliance.api.errors import FieldError


def positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise FieldError(name, f"{name} must be a whole number of 1 or more.")
    return int(raw)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page (capped at the maximum page size)."
    page_query_description = "A page number within the results, from 1."

    def get_page_size(self, request):
        size = positive_int(request, self.page_size_query_param)
        return min(size or settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE)

    def get_page_number(self, request, paginator):
        number = positive_int(request, self.page_query_param)
        return number or 1


class LateRowPagination(Pagination):
    """Finds the page's ids first, then loads those rows with their joins.

    PostgreSQL under-estimates a scoped user's share of a big table and then joins every
    row it might need before sorting; asking for 50 ids and then 50 joined rows keeps the
    joins to the page (a provider manager's first page of 17,615 requirements: ~36 ms of
    join-then-sort becomes two small queries). One query more, whatever the page size.
    """

    def paginate_queryset(self, queryset, request, view=None):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if not ids:
            return ids
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]
