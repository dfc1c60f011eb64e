import pytest

from catalog.models import Catalogue, Domain, Item, ItemPublisher, Organisation, Region, Section


@pytest.fixture
def make_item(db):
    """Factory: make_item(level1=..., deadline_kind=..., ...) -> a published Item in one test catalogue."""
    region = Region.objects.create(code="ceshi-xian", name="测试县", level=Region.Level.COUNTY)
    catalogue = Catalogue.objects.create(slug="ceshi-mulu", title="测试县政务公开标准目录", region=region)
    domain = Domain.objects.create(name="测试领域", slug="ceshi-lingyu")
    section = Section.objects.create(catalogue=catalogue, domain=domain, position=1)
    publisher = Organisation.objects.create(name="测试县民政局")
    counter = {"position": 0}

    def make(**fields):
        counter["position"] += 1
        defaults = {
            "catalogue": catalogue,
            "section": section,
            "domain": domain,
            "position": counter["position"],
            "status": Item.Status.PUBLISHED,
        }
        defaults.update(fields)
        item = Item.objects.create(**defaults)
        ItemPublisher.objects.create(item=item, organisation=publisher, position=1)
        return item

    return make


@pytest.fixture
def auditor(db, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("shenji", password="pw-审计-123")
    user.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
