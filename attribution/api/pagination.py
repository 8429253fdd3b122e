from rest_framework.pagination import CursorPagination


class Pagination(CursorPagination):
    """Cursor pages in the queryset's own order (newest first unless sorted)."""

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    def get_ordering(self, request, queryset, view):
        ordering = tuple(queryset.query.order_by)
        if not ordering:
            return self.ordering
        return (
            ordering if ordering[-1].lstrip("-") in {"id", "pk"} else (*ordering, "-id")
        )
