"""Compression: pages, JSON and feeds are gzipped when the client accepts it; binary exports are not."""

import gzip
import re

import pytest
from django.urls import reverse

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def body(response) -> bytes:
    if not response.streaming:
        return response.content
    data = b"".join(response.streaming_content)
    response.close()  # frees the export slot
    return data


@pytest.fixture(autouse=True)
def exports_unthrottled(settings):
    settings.EXPORT_RATE_PER_MINUTE = 1000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,content_type",
    [
        (lambda item: reverse("catalog:home"), "text/html"),
        (lambda item: reverse("catalog:item", args=[item.pk]), "text/html"),
        (lambda item: reverse("catalog:search") + "?q=低保", "text/html"),
        (lambda item: reverse("api:item-list"), "application/json"),
        (lambda item: reverse("citizen:feed"), "application/atom+xml"),
        (lambda item: reverse("exports:items", args=["csv"]), "text/csv"),
    ],
    ids=["home", "item", "search", "api-json", "feed", "csv-export"],
)
def test_text_responses_are_gzipped_and_decompress_to_the_same_body(client, published_item, url, content_type):
    path = url(published_item)
    packed = client.get(path, **GZIP)
    packed_body = body(packed)
    if packed.streaming:
        # The CSV export streams from a server-side cursor: on PostgreSQL a second export inside
        # one test transaction fails, gzip or not. Check the compressed one on its own.
        assert packed.status_code == 200 and packed["Content-Encoding"] == "gzip"
        assert packed["Content-Type"].startswith(content_type)
        assert published_item.level1 in gzip.decompress(packed_body).decode("utf-8-sig")
        return
    plain = client.get(path)
    plain_body = body(plain)
    assert plain.status_code == packed.status_code == 200
    assert plain["Content-Type"].startswith(content_type)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    unpacked = gzip.decompress(packed_body)
    if content_type == "text/html":
        # Forms carry a CSRF token masked anew on each response: compare everything else.
        mask = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
        assert mask.sub(b"", unpacked) == mask.sub(b"", plain_body)
    elif content_type == "application/atom+xml":
        assert unpacked.startswith(b"<?xml")
    else:
        assert unpacked == plain_body
    if not packed.streaming:
        assert len(packed_body) < len(unpacked)


@pytest.mark.django_db
def test_xlsx_export_is_not_gzipped_again(client, published_item):
    response = client.get(reverse("exports:items", args=["xlsx"]), **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert body(response)[:2] == b"PK"  # the XLSX zip as it is


@pytest.mark.django_db
def test_page_with_a_form_is_compressed_with_a_fresh_csrf_mask_each_time(client):
    """BREACH: the admin login's CSRF token differs on every response, so compressed sizes
    reveal nothing stable about it (docs/deploy.md, "Compression")."""
    url = reverse("admin:login")
    first = gzip.decompress(client.get(url, **GZIP).content)
    second = gzip.decompress(client.get(url, **GZIP).content)
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first).group(1) != token.search(second).group(1)
