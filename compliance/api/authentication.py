"""Token authentication for integrations: `Authorization: Token <key>` (or `Bearer <key>`).

The dashboard's own calls use the session; see REST_FRAMEWORK in settings.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from compliance.api.tokens import note_use, token_for_key
from compliance.web import throttle

SCHEMES = ("token", "bearer")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in SCHEMES:
            return None  # not ours: let session authentication try
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Give the header as 'Authorization: Token <key>'."
            )
        # Guessing keys: an address that sent too many invalid tokens is refused for a
        # while (API_MAX_INVALID_TOKENS per SIGNIN_LOCKOUT_SECONDS), valid ones included.
        address = throttle.client_address(request)
        if throttle.invalid_token_refused(address=address):
            raise exceptions.Throttled(
                wait=settings.SIGNIN_LOCKOUT_SECONDS,
                detail="Too many invalid tokens from this address. Try again later.",
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            throttle.record_invalid_token(address=address)
            raise exceptions.AuthenticationFailed("That token is not valid.") from exc
        token = token_for_key(key=key)
        if token is None:
            throttle.record_invalid_token(address=address)
            raise exceptions.AuthenticationFailed("That token is not valid or was revoked.")
        note_use(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes unauthenticated requests answer 401 with WWW-Authenticate, not 403.
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` (or `Bearer <key>`); create keys at /api/v1/tokens/.",
        }
