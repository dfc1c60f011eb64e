"""Which search documents occur in which domain; on PostgreSQL the index triggers keep it."""
import django.db.models.deletion
from django.db import migrations, models

from catalog.search import pg_sql


def record_document_domains(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pg_sql.FUNCTIONS_WITH_DOMAINS)
        schema_editor.execute(pg_sql.BACKFILL_DOCUMENT_DOMAINS)


def forget_document_domains(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pg_sql.FUNCTIONS)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_search_plan'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocumentDomain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('document', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.searchdocument')),
                ('domain', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.domain')),
            ],
            options={
                'verbose_name': '检索文档所属领域',
                'verbose_name_plural': '检索文档所属领域',
                'constraints': [models.UniqueConstraint(fields=('domain', 'document'), name='search_document_domain_unique')],
            },
        ),
        migrations.RunPython(record_document_domains, forget_document_domains),
    ]
