from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination

INVALID_CURSOR = "Invalid cursor: use the next or previous link of a page."
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


class Pagination(CursorPagination):
    """Cursor pages in the queryset's own order (newest first unless sorted).

    `page_size` is a whole number from 1 (more than max_page_size gives that many);
    anything else is a 400, as the schema says. A cursor that does not decode is
    DRF's 404; one that decodes to a position the ordering cannot use (a forged
    `p=abc`) is a 400 naming `cursor`.

    With ?count=true the page also says how many items the whole list has (one
    COUNT query more, so only when asked).
    """

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)
    count_query_param = "count"

    def paginate_queryset(self, queryset, request, view=None):
        self.count = queryset.count() if self._count_asked(request) else None
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # absent or empty: the default
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {self.page_size_query_param: ["A whole number of 1 or more."]}
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Claims per page; more than {self.max_page_size} gives "
                    f"{self.max_page_size}."
                )
        return [
            *parameters,
            {
                "name": self.count_query_param,
                "required": False,
                "in": "query",
                "description": "true to include the total count of the list.",
                "schema": {"type": "boolean"},
            },
        ]

    def get_ordering(self, request, queryset, view):
        ordering = tuple(queryset.query.order_by)
        if not ordering:
            return self.ordering
        return (
            ordering if ordering[-1].lstrip("-") in {"id", "pk"} else (*ordering, "-id")
        )

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.count is not None:
            response.data = {"count": self.count, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            "count": {
                "type": "integer",
                "description": "How many items the whole list has; with ?count=true.",
                "example": 123,
            },
            **paginated["properties"],
        }
        return paginated

    def _count_asked(self, request) -> bool:
        value = request.query_params.get(self.count_query_param, "").lower()
        if value not in _TRUE | _FALSE:
            raise ValidationError({self.count_query_param: ["Give true or false."]})
        return value in _TRUE
