"""One JSON error format for the whole API, whatever went wrong.

Every error answer has the same shape::

    {"status": 400, "code": "invalid", "message": "Some fields are not valid.",
     "fields": {"note": ["Say what was done or planned in a note."]}}

`fields` is present only when input was at fault; its keys are the request's field or
query parameter names (nested ones joined with dots, e.g. "files.0"). 429 answers carry
`retry_after` (seconds) as well as the Retry-After header.
"""

from __future__ import annotations

from django.core.exceptions import (
    PermissionDenied as DjangoPermissionDenied,
)
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from compliance.services.errors import ServiceError


class ErrorSerializer(serializers.Serializer):
    """The one error format (see compliance.api.errors)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Only for 400: the messages for each field or query parameter at fault.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="Only for 429: seconds.")


MESSAGES = {
    400: "Some fields are not valid.",
    401: "Authentication credentials were not provided or are not valid.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "Method not allowed.",
    406: "The requested format is not available.",
    413: "The request is too large.",
    415: "Unsupported media type.",
    429: "Too many requests.",
}


class FieldError(exceptions.ValidationError):
    """400 naming the field at fault: raised by views that call services."""

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = MESSAGES[413]
    default_code = "too_large"


def flatten_field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"a": {"b": ["x"]}, "files": [["y"]]} -> {"a.b": ["x"], "files.0": ["y"]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for k, v in flatten_field_errors(value, name).items():
                flat.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            flat[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for k, v in flatten_field_errors(item, name).items():
                    flat.setdefault(k, []).extend(v)
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return exc.default_code


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: DRF's own handling (headers, rollback), our one body."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(str(exc) or MESSAGES[400])
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, ServiceError):  # a refused write: 400 naming the field at fault
        exc = FieldError(exc.field or "non_field_errors", exc.message)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: let Django log it and answer 500
    response.data = error_body(exc, response.status_code)
    if "retry_after" in response.data:
        response["Retry-After"] = str(response.data["retry_after"])
    return response


def error_body(exc: exceptions.APIException, status_code: int) -> dict:
    body: dict = {"status": status_code, "code": _code_of(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["message"] = MESSAGES[400]
        body["fields"] = flatten_field_errors(exc.detail)
    else:
        detail = exc.detail
        body["message"] = str(detail) if isinstance(detail, str) else MESSAGES.get(status_code, "")
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            body["retry_after"] = int(exc.wait + 0.999)
    return body


def not_found_response() -> Response:
    return Response(error_body(exceptions.NotFound(), 404), status=404)
