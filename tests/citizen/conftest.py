import pytest

from tests.factories import CatalogueFactory


@pytest.fixture
def catalogue(db):
    return CatalogueFactory()
