import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from catalog.management.commands.create_demo_users import DEMO_USERS
from catalog.services import roles

pytestmark = pytest.mark.django_db


def test_creates_the_three_demo_users_scoped_to_the_region(settings, world):
    settings.DEBUG = True
    call_command("create_demo_users")
    call_command("create_demo_users")  # idempotent
    for username, password, group, _ in DEMO_USERS:
        user = authenticate(username=username, password=password)
        assert user is not None and user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        if group != roles.AUDITOR:
            assert list(user.staff_scope.regions.values_list("name", flat=True)) == ["阿尔山市"]


def test_refuses_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_users")
