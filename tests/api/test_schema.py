"""The OpenAPI schema is valid and the API honours it under generated requests."""

import pytest
import schemathesis
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from attribution.wsgi import application
from tests.factories import ClaimViaFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


def test_schema_and_docs_are_served(client):
    schema_response = client.get(reverse("api:schema"))
    docs = client.get(reverse("api:docs"))

    assert schema_response.status_code == 200
    assert b"openapi: 3" in schema_response.content
    assert docs.status_code == 200


@pytest.fixture
def some_claims(transactional_db):
    for _ in range(3):
        ClaimViaFactory()


@pytest.mark.schemathesis
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,  # the same examples on every run: CI must not flake
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db(transaction=True)
def test_no_generated_request_breaks_the_api(case, some_claims):
    cache.clear()  # throttling counts live in the cache
    case.call_and_validate(
        checks=[
            not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
        ]
    )
