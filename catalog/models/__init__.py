"""The domain model. One module a concern; import everything from `catalog.models`."""
from .vocabulary import Channel, Domain, LegalBasis, LegalBasisAlias, Level, Organisation, Region
from .catalogue import Catalogue, ImportRun, Section
from .item import ContentElement, Item, ItemChannel, ItemLegalBasis, ItemPublisher
from .search import SearchDocument, SearchEntry

__all__ = [
    "Catalogue",
    "Channel",
    "ContentElement",
    "Domain",
    "ImportRun",
    "Item",
    "ItemChannel",
    "ItemLegalBasis",
    "ItemPublisher",
    "LegalBasis",
    "LegalBasisAlias",
    "Level",
    "Organisation",
    "Region",
    "SearchDocument",
    "SearchEntry",
    "Section",
]
