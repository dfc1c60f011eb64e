"""The staff admin, in Chinese: items and the review queue, vocabularies, staff scopes."""
from . import items, staff, vocabulary  # noqa: F401  (registers the ModelAdmins)
