from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0020_item_channel_item_index_dropped"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["catalogue", "level1", "position"], name="item_catalogue_level1"),
        ),
    ]
