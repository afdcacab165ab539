"""The one base class of the errors services raise when they refuse a write."""

from __future__ import annotations


class ServiceError(Exception):
    """A write a service refuses, with a message for the user and the field at fault (None:
    the request as a whole). The API turns every one into a 400 naming the field, in one
    place (compliance.api.errors.api_exception_handler); the web views put it on the form."""

    def __init__(self, message: str, field: str | None = None):
        self.message, self.field = message, field
        super().__init__(message)
