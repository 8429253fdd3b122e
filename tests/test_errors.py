"""The API's error envelope has one shape wherever it is built."""

import json

from attribution.errors import error_body, error_response


def test_the_envelope_names_status_code_and_message_and_fields_only_when_given():
    assert error_body(status=404, code="not_found", message="No such resource.") == {
        "error": {"status": 404, "code": "not_found", "message": "No such resource."}
    }
    with_fields = error_body(
        status=400, code="invalid", message="Bad.", fields={"text": ["Required."]}
    )
    assert with_fields["error"]["fields"] == {"text": ["Required."]}


def test_an_error_response_carries_the_envelope_with_its_status():
    response = error_response(status=503, code="database_unavailable", message="Down.")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "error": {"status": 503, "code": "database_unavailable", "message": "Down."}
    }


def test_djangos_own_400_and_403_answer_the_envelope_under_the_api_only(rf, db):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation

    from attribution import views

    for handler, exception, status in [
        (views.bad_request, SuspiciousOperation(), 400),
        (views.permission_denied, PermissionDenied(), 403),
    ]:
        api = handler(rf.get("/api/v1/claims/"), exception)
        page = handler(rf.get("/claims/"), exception)

        assert api.status_code == page.status_code == status
        assert json.loads(api.content)["error"]["status"] == status
        assert page["Content-Type"].startswith("text/html")
