import pytest
from openapi_core import OpenAPI

from tests.exports.conftest import export_world, fresh_cache  # noqa: F401  (shared data and cache reset)


@pytest.fixture
def openapi(client, db):
    """The OpenAPI document as served at /api/schema/."""
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return OpenAPI.from_dict(response.json())
