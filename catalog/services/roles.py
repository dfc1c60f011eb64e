"""Staff roles and the region/catalogue scope that limits what editors see.

Groups (created by migration 0002_initial_data, refreshed by `create_demo_users`):
- 编辑: edits the items of the regions/catalogues in their StaffScope; sees nothing else.
- 审核: like 编辑, and also marks items reviewed, publishes and withdraws them, and
  uploads catalogues for their regions.
- 审计: reads everything in every region, including history; changes nothing.
Superusers can do everything, including restoring an old version.
"""

EDITOR, REVIEWER, AUDITOR = "编辑", "审核", "审计"

_ITEM_ROWS = ("contentelement", "itemlegalbasis", "itempublisher", "itemchannel")
_VOCABULARY = ("region", "domain", "channel", "level", "legalbasis", "legalbasisalias", "organisation")

_EDITOR_PERMS = (
    ["view_item", "change_item", "view_reviewitem", "change_reviewitem", "view_catalogue", "view_section"]
    + [f"{action}_{model}" for model in _ITEM_ROWS for action in ("view", "add", "change", "delete")]
    + [f"view_{model}" for model in _VOCABULARY]
)
_REVIEWER_PERMS = (
    _EDITOR_PERMS
    + ["publish_item", "review_item", "upload_catalogue", "view_importrun"]
    + [f"{action}_layoutprofile" for action in ("view", "change", "delete")]
)
_AUDITOR_MODELS = ("item", "reviewitem", "catalogue", "section", "importrun", "staffscope", *_ITEM_ROWS, *_VOCABULARY)
_AUDITOR_PERMS = [f"view_{model}" for model in _AUDITOR_MODELS] + ["view_all_regions"]

# Group name -> codenames of catalog permissions.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: _EDITOR_PERMS,
    REVIEWER: _REVIEWER_PERMS,
    AUDITOR: _AUDITOR_PERMS,
}


def ensure_groups(group_model, permission_model) -> None:
    """Create or refresh the three groups. Takes the models so a migration can pass historical ones."""
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        perms = permission_model.objects.filter(content_type__app_label="catalog", codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"缺少权限：{sorted(missing)}")
        group.permissions.set(perms)


def sees_all_regions(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("catalog.view_all_regions"))


def catalogue_ids_in_scope(user) -> list[int]:
    """Catalogues of the user's regions (and every region below them) plus those assigned by name."""
    from catalog.models import Catalogue, StaffScope
    from catalog.models.item import region_with_descendants

    scope = StaffScope.objects.filter(user_id=user.pk).prefetch_related("regions", "catalogues").first()
    if scope is None:
        return []
    region_ids = set()
    for region in scope.regions.all():
        region_ids.update(region_with_descendants(region))
    ids = set(Catalogue.objects.filter(region__in=region_ids).values_list("pk", flat=True))
    ids.update(catalogue.pk for catalogue in scope.catalogues.all())
    return sorted(ids)


def region_ids_in_scope(user) -> list[int] | None:
    """Regions the user may upload catalogues for (None: every region)."""
    from catalog.models import StaffScope
    from catalog.models.item import region_with_descendants

    if sees_all_regions(user):
        return None
    scope = StaffScope.objects.filter(user_id=user.pk).prefetch_related("regions").first()
    ids = set()
    for region in scope.regions.all() if scope else ():
        ids.update(region_with_descendants(region))
    return sorted(ids)


def scope_items(queryset, user, *, prefix: str = ""):
    """Limit items (or rows reaching an item through `prefix`, e.g. "item__") to the user's scope."""
    if sees_all_regions(user):
        return queryset
    return queryset.filter(**{f"{prefix}catalogue__in": catalogue_ids_in_scope(user)})


def scope_catalogues(queryset, user, *, field: str = "pk"):
    """Limit catalogues (or rows whose `field` is a catalogue, e.g. sections) to the user's scope."""
    if sees_all_regions(user):
        return queryset
    return queryset.filter(**{f"{field}__in": catalogue_ids_in_scope(user)})
