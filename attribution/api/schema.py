"""The OpenAPI schema's view of every operation: who may call it without
credentials, and the errors any call can meet (drf-spectacular's AutoSchema)."""

from drf_spectacular import openapi
from rest_framework import permissions

from attribution.api import docs

# Every request can be malformed (a NUL in the path, a Host not allowed, bad query
# values) and every view is throttled.
_ALWAYS = {**docs.BAD_REQUEST, **docs.THROTTLED}


class AutoSchema(openapi.AutoSchema):
    def get_auth(self):
        """Credentials are optional on reads that anyone may make: the role
        permissions (attribution.api.permissions) let every safe method through,
        as IsAuthenticatedOrReadOnly does."""
        auths = super().get_auth()
        if {} not in auths and self._reads_are_public():
            auths.append({})
        return auths

    def _reads_are_public(self) -> bool:
        if self.method not in permissions.SAFE_METHODS:
            return False
        return all(
            getattr(p, "reads_are_public", False)
            or isinstance(
                p, (permissions.IsAuthenticatedOrReadOnly, permissions.AllowAny)
            )
            for p in self.view.get_permissions()
        )

    def _get_parameters(self):
        """Every query parameter may be sent empty, which means "no filter" (the
        browse pages' forms send empty fields): the schema says so."""
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query":
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        """The view's own responses, and the errors it did not name: 400 and 429
        for all; 401 where credentials may be sent (a bad token is refused even
        on a public read); 403 for writes; 404 where the path names a resource or
        the list is paged by cursor (a cursor that does not decode)."""
        responses = super()._get_response_bodies(direction)
        errors = dict(_ALWAYS)
        if openapi.AutoSchema.get_auth(self):
            errors.update(docs.UNAUTH)
        if self.method not in permissions.SAFE_METHODS:
            errors.update({403: docs.WRITE_ERRORS[403]})
        if "{" in self.path or self._is_list_view():
            errors.update(docs.NOT_FOUND)
        for code, response in errors.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        return responses
