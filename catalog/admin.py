"""The staff admin, in Chinese. The ModelAdmins live in catalog/staff_admin/ (one module a concern):
items and the review queue, history, publishing (items.py); catalogues, vocabularies, merging
and import runs (vocabulary.py); uploads (upload.py); staff scopes (staff.py)."""
from .staff_admin import items, staff, vocabulary  # noqa: F401  (registers the ModelAdmins)
from .deadlines import admin as deadlines_admin  # noqa: E402,F401  (节假日安排与公开时效核查)
from . import synonyms_admin  # noqa: E402,F401  (检索同义词; citizen features)
