"""C0 control characters: never stored, so nothing built from stored text (Atom feeds, XML
exports, JSON) can be broken by one.

XML 1.0 cannot carry U+0000–U+001F other than tab, line feed and carriage return, and
PostgreSQL text cannot hold NUL. Every write path strips them: a save of any catalog model
(the admin, services, commands; `strip_on_save`, connected by CatalogConfig.ready), the
importer's readers (`catalog.importers.readers.read_document`, before bulk loading), and
what the feeds send out (`catalog.site.feeds`) for rows stored before this existed.

>>> strip_controls("低保\\x01审批\\x00\\t结果\\n")
'低保审批\\t结果\\n'
"""

import re

from django.db import models

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_controls(text: str) -> str:
    return CONTROL_CHARS.sub("", text) if text and CONTROL_CHARS.search(text) else text


def strip_on_save(sender, instance, **kwargs) -> None:
    """pre_save receiver: strip control characters from every text field of a catalog model."""
    if sender._meta.app_label != "catalog":
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, strip_controls(value))
