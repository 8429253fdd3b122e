from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination

_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


class Pagination(CursorPagination):
    """Cursor pages in the queryset's own order (newest first unless sorted).

    With ?count=true the page also says how many items the whole list has (one
    COUNT query more, so only when asked).
    """

    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)
    count_query_param = "count"

    def get_ordering(self, request, queryset, view):
        ordering = tuple(queryset.query.order_by)
        if not ordering:
            return self.ordering
        return (
            ordering if ordering[-1].lstrip("-") in {"id", "pk"} else (*ordering, "-id")
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.count = queryset.count() if self._count_asked(request) else None
        return super().paginate_queryset(queryset, request, view)

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

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.count_query_param,
                "required": False,
                "in": "query",
                "description": "true to include the total count of the list.",
                "schema": {"type": "boolean"},
            },
        ]

    def _count_asked(self, request) -> bool:
        value = request.query_params.get(self.count_query_param, "").lower()
        if value not in _TRUE | _FALSE:
            raise ValidationError({self.count_query_param: ["Give true or false."]})
        return value in _TRUE
