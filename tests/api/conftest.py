import pytest
from rest_framework.test import APIClient

from tests.factories import ClaimFactory, ClaimViaFactory, OutletFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    def login(user):
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture
def claim_via_reuters(db):
    link = ClaimViaFactory(
        claim=ClaimFactory(), outlet=OutletFactory(name="Reuters", slug="reuters")
    )
    return link.claim
