import pytest


@pytest.fixture
def vocabulary(db):
    """The vocabularies the data migration creates (channels, levels, standard domains)."""
    from catalog.models import Channel, Domain, Level

    return {"channels": Channel.objects.all(), "levels": Level.objects.all(), "domains": Domain.objects.all()}
