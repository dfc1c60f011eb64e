"""Create the controlled vocabularies: standard domains, the 13 channels and the levels."""
from django.db import migrations

from catalog.models.standards import LEVELS, STANDARD_CHANNELS, STANDARD_DOMAINS


def create_vocabulary(apps, schema_editor):
    Domain = apps.get_model("catalog", "Domain")
    Channel = apps.get_model("catalog", "Channel")
    Level = apps.get_model("catalog", "Level")
    for position, (name, slug, aliases) in enumerate(STANDARD_DOMAINS, start=1):
        Domain.objects.update_or_create(
            slug=slug, defaults={"name": name, "aliases": aliases, "is_standard": True, "position": position}
        )
    for position, (name, slug, aliases) in enumerate(STANDARD_CHANNELS, start=1):
        Channel.objects.update_or_create(slug=slug, defaults={"name": name, "aliases": aliases, "position": position})
    for position, (name, code) in enumerate(LEVELS, start=1):
        Level.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_vocabulary, migrations.RunPython.noop)]
