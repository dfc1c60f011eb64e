from django.db import migrations


class Migration(migrations.Migration):
    """A profile name covers every header of one file (one LayoutProfile row a header)."""

    dependencies = [
        ("catalog", "0012_date_precision_and_scans"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="layoutprofile", name="layoutprofile_unique_name"),
    ]
