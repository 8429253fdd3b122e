from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

INVALID_CURSOR = "Invalid cursor: use the next or previous link of a page."


class Pagination(CursorPagination):
    """Cursor pages in the queryset's own order (newest first unless sorted)."""

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's cursor pages; a cursor that decodes to no usable position (a
        forged `p=abc`, or no cursor at all) is a 400 naming `cursor`."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except (NotFound, ValueError, TypeError, DjangoValidationError):
            if self.cursor_query_param not in request.query_params:
                raise
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def get_ordering(self, request, queryset, view):
        ordering = tuple(queryset.query.order_by)
        if not ordering:
            return self.ordering
        return (
            ordering if ordering[-1].lstrip("-") in {"id", "pk"} else (*ordering, "-id")
        )
