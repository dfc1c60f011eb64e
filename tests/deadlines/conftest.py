from functools import partial

import pytest

from tests.factories import CatalogueFactory, DomainFactory, ItemFactory


@pytest.fixture
def new_item(db):
    """new_item(level1=..., deadline_kind=..., ...) -> a published item in one test catalogue, of
    its own domain, published by 测试县民政局."""
    catalogue = CatalogueFactory(
        slug="ceshi-mulu", title="测试县政务公开标准目录", region__code="ceshi-xian", region__name="测试县"
    )
    domain = DomainFactory(name="测试领域", slug="ceshi-lingyu")
    return partial(ItemFactory, catalogue=catalogue, domain=domain, publishers=["测试县民政局"])


@pytest.fixture
def auditor(db, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("shenji", password="pw-审计-123")
    user.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
