"""The filter types of the list filters: values parsed strictly (a bad one is a 400 naming
the parameter, never dropped), several values per filter, yes/no, dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import reduce
from operator import or_

import django_filters as df
from django import forms
from django.db.models import Q
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

MAX_VALUES = 100  # values per filter: enough for any real query, bounded for the database
MAX_TEXT = 200  # characters per value or search
BIGGEST_ID = 2**31 - 1

# -- parsing one value ---------------------------------------------------------------------


def _invalid(message: str, value: str, **params) -> forms.ValidationError:
    # The user's value goes in params, never into the message itself: messages are
    # %-formatted later, and a value may hold a '%'.
    return forms.ValidationError(message, code="invalid", params={"value": value[:40], **params})


def _no_nul(value: str) -> str:
    if "\x00" in value or len(value) > MAX_TEXT:
        raise _invalid("%(value)r is not a value this filter can take.", value)
    return value


def slug(value: str) -> str:
    """'Requires improvement' -> 'requires_improvement': case, spaces and hyphens ignored."""
    return re.sub(r"[\s\-]+", "_", _no_nul(value).strip().lower())


def one_of(choices: list[str]) -> Callable[[str], str]:
    allowed = set(choices)

    def parse(value: str) -> str:
        key = slug(value)
        if key not in allowed:
            raise _invalid(
                "%(value)r is not one of: %(choices)s.", value, choices=", ".join(choices)
            )
        return key

    return parse


def whole_number(value: str) -> int:
    text = _no_nul(value).strip()
    text = re.sub(r"^regulation\s*", "", text, flags=re.IGNORECASE)
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= BIGGEST_ID:
        raise _invalid("%(value)r is not a whole number.", value)
    return int(text)


def text_value(value: str) -> str:
    return _no_nul(value).strip()


# -- form fields and filters --------------------------------------------------------------


class ManyValuesWidget(forms.TextInput):
    """Reads `?x=a,b&x=c` as ['a', 'b', 'c']."""

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [part.strip() for item in raw if item for part in item.split(",")]
        return [v for v in values if v] or None


class ManyValuesField(forms.Field):
    widget = ManyValuesWidget

    def __init__(self, *, parse_item: Callable[[str], object], **kwargs):
        self.parse_item = parse_item
        super().__init__(**kwargs)

    def clean(self, value):
        if not value:
            return None
        if len(value) > MAX_VALUES:
            raise forms.ValidationError("Give at most %(max)d values.", params={"max": MAX_VALUES})
        errors, parsed = [], []
        for item in value:
            try:
                parsed.append(self.parse_item(item))
            except forms.ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(parsed))


class AnyOf(df.filters.BaseCSVFilter):
    """A filter on several values at once (OR). `to_q` turns one parsed value into a Q."""

    def __init__(
        self,
        *,
        parse: Callable[[str], object],
        to_q: Callable[[object], Q],
        description: str,
        item_schema: dict | None = None,
        **kwargs,
    ):
        super().__init__(help_text=description, **kwargs)
        self.field_class = ManyValuesField
        self.extra["parse_item"] = parse
        self.to_q = to_q
        schema = dict(item_schema or build_basic_type(OpenApiTypes.STR))
        schema["description"] = description + " Several values: comma-separated (any matches)."
        extend_schema_field(schema)(self)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(reduce(or_, (self.to_q(v) for v in value)))


class YesNoField(forms.Field):
    TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}

    def clean(self, value):
        if value in (None, ""):
            return None
        key = str(value).strip().lower()
        if key in self.TRUE:
            return True
        if key in self.FALSE:
            return False
        raise forms.ValidationError("Give true or false.", code="invalid")


class YesNo(df.Filter):
    """true/false (or yes/no, 1/0, any case); `to_q(True)` is the rows that are 'yes'."""

    field_class = YesNoField

    def __init__(self, *, to_q: Callable[[bool], Q], description: str, **kwargs):
        super().__init__(help_text=description, **kwargs)
        self.to_q = to_q
        extend_schema_field({"type": "boolean", "description": description})(self)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(self.to_q(value))


def date_filter(path: str, lookup: str, description: str) -> df.DateFilter:
    return df.DateFilter(field_name=path, lookup_expr=lookup, help_text=description)


def enum_schema(choices: list[str]) -> dict:
    return {"type": "string", "enum": choices}
