"""Token authentication against attribution.models.ApiToken.

DRF's header parsing (`Authorization: Token <key>`, its errors and its 401
challenge), with keys looked up by digest and ended by expiry, deactivation or a
password change (services.api_token_authenticate).
"""

from rest_framework import authentication, exceptions

from attribution import services


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        token = services.api_token_authenticate(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        return token.user, token
