"""The API's throttles: keyed on the client's address as the trusted proxies give
it, and kept in the shared cache while it answers.

DRF's own throttles read X-Forwarded-For whole unless NUM_PROXIES is set, so a
client could write a new address on every request; and they raise when the cache
does, which turned every API request into a 500 while Redis was down. Here the
address comes from attribution.security.client_ip (as for the login lockout),
and a cache that fails is replaced, for that request, by a per-process one: the
limits still hold in each web process, and the outage is logged.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling

from attribution import security

logger = logging.getLogger(__name__)

# Counts kept in this process while the shared cache is unreachable.
_local_counts = LocMemCache("attribution-throttle-fallback", {})
_LOG_EVERY_SECONDS = 60
_last_logged = {"at": -1e9}


class _ProxyAwareThrottle(throttling.SimpleRateThrottle):
    def get_ident(self, request) -> str:
        return security.client_ip(request) or ""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # any cache backend's connection error
            _log_outage(error)
            self.cache = _local_counts
            return super().allow_request(request, view)


def _log_outage(error: Exception) -> None:
    """A warning at most once a minute per process, not one per request."""
    now = time.monotonic()
    if now - _last_logged["at"] >= _LOG_EVERY_SECONDS:
        _last_logged["at"] = now
        logger.warning(
            "Throttling cache unavailable (%s: %s); counting in this process "
            "until it answers again",
            type(error).__name__,
            error,
        )


class AnonRateThrottle(_ProxyAwareThrottle, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_ProxyAwareThrottle, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_ProxyAwareThrottle, throttling.ScopedRateThrottle):
    pass
