"""The domain model. One module a concern; import everything from `catalog.models`."""

from .calendar import AdjustedWorkday, HolidayPeriod, HolidayYear, LatenessCheck
from .catalogue import Catalogue, ImportRun, Section
from .counts import LegalBasisCount, LegalBasisTotal, PublishedCount, PublisherCount, PublisherTotal, RegionCount
from .edition import Edition, ItemChange
from .item import ContentElement, Item, ItemChannel, ItemLegalBasis, ItemPublisher
from .jobs import Job
from .profile import LayoutProfile
from .reference import Coverage, Reference, RegionReference
from .search import SearchDocument, SearchDocumentDomain, SearchEntry
from .staff import PendingRevision, ReviewItem, StaffScope
from .synonyms import Synonym
from .vocabulary import Channel, Domain, LegalBasis, LegalBasisAlias, Level, Organisation, Region

__all__ = [
    "AdjustedWorkday",
    "Catalogue",
    "Channel",
    "ContentElement",
    "Coverage",
    "Domain",
    "Edition",
    "HolidayPeriod",
    "HolidayYear",
    "ImportRun",
    "Item",
    "ItemChange",
    "ItemChannel",
    "ItemLegalBasis",
    "ItemPublisher",
    "Job",
    "LatenessCheck",
    "LayoutProfile",
    "LegalBasis",
    "LegalBasisAlias",
    "LegalBasisCount",
    "LegalBasisTotal",
    "Level",
    "Organisation",
    "PendingRevision",
    "PublishedCount",
    "PublisherCount",
    "PublisherTotal",
    "RegionCount",
    "Reference",
    "Region",
    "RegionReference",
    "ReviewItem",
    "SearchDocument",
    "SearchDocumentDomain",
    "SearchEntry",
    "Section",
    "StaffScope",
    "Synonym",
]
