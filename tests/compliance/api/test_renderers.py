"""The orjson renderer writes the same bytes as DRF's JSONRenderer for every kind of page."""

import datetime as dt
import decimal
import uuid

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from compliance.api.renderers import FastJSONRenderer

URLS = [
    "/api/v1/",
    "/api/v1/requirements/?count=true",
    "/api/v1/homes/",
    "/api/v1/homes/SC111111/",
    "/api/v1/homes/SC111111/compliance/",
    "/api/v1/inspections/",
    "/api/v1/changes/",
    "/api/v1/requirements/?page=99",  # an error body
]


@pytest.mark.parametrize("url", URLS)
def test_pages_render_as_drf_would(world, findings, client_for, url):
    response = client_for(world.admin).get(url)
    assert response.content == JSONRenderer().render(response.data)
    assert response.content  # not an empty page


def test_values_drf_encodes_itself_render_the_same():
    data = {
        "at": timezone.make_aware(dt.datetime(2026, 12, 3, 9, 30, 5, 123456), dt.UTC),
        "day": dt.date(2026, 12, 3),
        "money": decimal.Decimal("1.50"),
        "id": uuid.UUID(int=7),
        "text": "line\u2028separator and \u2029 paragraph, café",
        1: "a number key",
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_indented_output_is_left_to_drf():
    context = {"indent": 2}
    data = {"a": [1, 2]}
    assert FastJSONRenderer().render(data, renderer_context=context) == JSONRenderer().render(
        data, renderer_context=context
    )
    assert FastJSONRenderer().render(None) == b""
