import pytest
from django.core.management import call_command

from catalog.models import Channel, Domain, Level
from catalog.models.standards import STANDARD_CHANNELS, STANDARD_DOMAINS


def test_settings_are_chinese_and_in_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_migrations_create_the_vocabularies():
    assert Channel.objects.count() == len(STANDARD_CHANNELS) == 13
    assert Channel.objects.get(slug="zhizhi-meiti").aliases == ["纸质传媒"]
    assert Domain.objects.filter(is_standard=True).count() == len(STANDARD_DOMAINS) == 26
    assert list(Level.objects.values_list("code", flat=True)) == ["province", "city", "county", "township", "village"]


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_home_page_renders_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "政务公开标准目录" in response.content.decode()
