"""The staff variant of the shared world (tests/conftest.py) and one user per role."""

import pytest
from django.contrib.auth.models import Group, User

from catalog.models import StaffScope
from catalog.services import roles

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def world_variant():
    return "staff"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username, group=None, regions=(), superuser=False):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if regions:
        StaffScope.objects.create(user=user).regions.set(regions)
    return user


@pytest.fixture
def users(world):
    arxan = world["regions"]["arxan"]
    return {
        "editor": make_user("editor", roles.EDITOR, [arxan]),
        "reviewer": make_user("reviewer", roles.REVIEWER, [arxan]),
        "auditor": make_user("auditor", roles.AUDITOR),
        "admin": make_user("admin", superuser=True),
        "unscoped": make_user("unscoped", roles.EDITOR),
    }


@pytest.fixture
def login(client, users):
    def _login(role):
        client.force_login(users[role])
        return client

    return _login


def item_form_data(item, *, channels=None, elements=None, **overrides):
    """The POST body of the item change form for `item`, as the browser would send it."""
    data = {
        "domain": item.domain_id,
        "number": item.number,
        "level1": item.level1,
        "level2": item.level2,
        "level3": item.level3,
        "content": item.content,
        "legal_basis_text": item.legal_basis_text,
        "deadline_text": item.deadline_text,
        "deadline_kind": item.deadline_kind,
        "deadline_days": item.deadline_days or "",
        "deadline_trigger": item.deadline_trigger,
        "publicity_days": item.publicity_days or "",
        "publisher_text": item.publisher_text,
        "channel_text": item.channel_text,
        "audience_group": item.audience_group,
        "level_label": item.level_label,
        "responsible_office": item.responsible_office,
        "change_reason": "",
        "levels": [level.pk for level in item.levels.all()],
    }
    for flag in ("audience_public", "audience_specific", "mode_proactive", "mode_on_request"):
        data[flag] = {True: "true", False: "false", None: "unknown"}[getattr(item, flag)]  # 是 / 否 / 未注明
    if item.levels_stated:
        data["levels_stated"] = "on"
    if channels is None:
        channels = [(link.pk, link.channel_id, link.detail, link.position) for link in item.channel_links.all()]
    if elements is None:
        elements = [(el.pk, el.text, el.position) for el in item.elements.all()]
    initial = {
        "channel_links": item.channel_links.count(),
        "elements": item.elements.count(),
        "legal_basis_links": item.legal_basis_links.count(),
        "publisher_links": item.publisher_links.count(),
    }
    for prefix in initial:
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
    data["channel_links-TOTAL_FORMS"] = len(channels)
    data["channel_links-INITIAL_FORMS"] = initial["channel_links"]
    for i, (pk, channel, detail, position) in enumerate(channels):
        data.update(
            {
                f"channel_links-{i}-id": pk or "",
                f"channel_links-{i}-item": item.pk,
                f"channel_links-{i}-channel": channel,
                f"channel_links-{i}-detail": detail,
                f"channel_links-{i}-position": position,
            }
        )
    data["elements-TOTAL_FORMS"] = len(elements)
    data["elements-INITIAL_FORMS"] = initial["elements"]
    for i, (pk, text, position) in enumerate(elements):
        data.update(
            {
                f"elements-{i}-id": pk or "",
                f"elements-{i}-item": item.pk,
                f"elements-{i}-text": text,
                f"elements-{i}-position": position,
            }
        )
    for prefix, model_field in (("legal_basis_links", "legal_basis"), ("publisher_links", "organisation")):
        links = list(getattr(item, prefix).all())
        data[f"{prefix}-TOTAL_FORMS"] = len(links)
        data[f"{prefix}-INITIAL_FORMS"] = len(links)
        for i, link in enumerate(links):
            data.update(
                {
                    f"{prefix}-{i}-id": link.pk,
                    f"{prefix}-{i}-item": item.pk,
                    f"{prefix}-{i}-{model_field}": getattr(link, f"{model_field}_id"),
                    f"{prefix}-{i}-position": link.position,
                }
            )
            if prefix == "legal_basis_links":
                data[f"{prefix}-{i}-printed"] = link.printed
    data.update(overrides)
    return data
