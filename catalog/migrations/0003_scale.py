"""The search index tables; on PostgreSQL also its functions, GIN index and triggers."""

import django.db.models.deletion
from django.db import migrations, models

from catalog.search import pg_sql


def create_postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite keeps the simple backend; the tables stay empty.
    for statement in pg_sql.FORWARD:
        schema_editor.execute(statement)


def drop_postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pg_sql.BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_vocabulary'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.UUIDField(help_text='md5(kind || text)，用于去重', unique=True, verbose_name='文本摘要')),
                ('kind', models.PositiveSmallIntegerField(choices=[(0, '事项名称'), (1, '公开内容'), (2, '其他模板文本'), (3, '公开主体及渠道')], verbose_name='段落类型')),
                ('text', models.TextField(verbose_name='文本')),
            ],
            options={
                'verbose_name': '检索文档',
                'verbose_name_plural': '检索文档',
            },
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('item', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='catalog.item', verbose_name='事项')),
                ('content', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.searchdocument')),
                ('local', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.searchdocument')),
                ('names', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.searchdocument')),
                ('template', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.searchdocument')),
            ],
            options={
                'verbose_name': '检索条目',
                'verbose_name_plural': '检索条目',
            },
        ),
        migrations.RunPython(create_postgres_index, drop_postgres_index),
    ]
