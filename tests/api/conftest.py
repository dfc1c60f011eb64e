import pytest
from openapi_core import OpenAPI

from tests.exports.conftest import fresh_cache, world_variant  # noqa: F401  (the exports world, cache reset)


@pytest.fixture
def openapi(client, db):
    """The OpenAPI document as served at /api/schema/."""
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return OpenAPI.from_dict(response.json())
