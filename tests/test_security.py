"""The client's address counts X-Forwarded-For only as far as trusted proxies
wrote it (attribution.security.client_ip)."""

import ipaddress

import pytest
from django.test import RequestFactory

from attribution.security import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra: dict[str, str] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)  # type: ignore[arg-type]


@pytest.fixture
def no_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    return settings


def test_with_no_trusted_proxy_the_header_is_ignored(no_proxy):
    assert client_ip(_request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_one_trusted_proxy_gives_the_entry_it_appended(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 1

    # The client wrote "198.51.100.1"; the proxy appended the address it saw.
    request = _request("10.0.0.2", "198.51.100.1, 203.0.113.5")

    assert client_ip(request) == "203.0.113.5"


def test_two_trusted_proxies_give_the_entry_the_outer_one_appended(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 2

    request = _request("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.9")

    assert client_ip(request) == "203.0.113.5"


def test_fewer_entries_than_proxies_falls_back_to_the_peer(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 2

    assert client_ip(_request("10.0.0.2", "203.0.113.5")) == "10.0.0.2"


def test_an_entry_that_is_no_address_falls_back_to_the_peer(no_proxy):
    no_proxy.TRUSTED_PROXY_COUNT = 1

    assert client_ip(_request("10.0.0.2", "not-an-ip")) == "10.0.0.2"


def test_listed_proxies_are_skipped_from_the_right(no_proxy):
    no_proxy.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]

    request = _request("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.1.2.3")

    assert client_ip(request) == "203.0.113.5"


def test_a_request_not_from_a_listed_proxy_is_its_peer_address(no_proxy):
    no_proxy.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]

    request = _request("203.0.113.5", "198.51.100.1")

    assert client_ip(request) == "203.0.113.5"


def test_garbage_written_by_a_trusted_address_stops_at_the_nearest_proxy(no_proxy):
    no_proxy.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]

    assert client_ip(_request("10.0.0.2", "<script>, 10.0.0.7")) == "10.0.0.7"
