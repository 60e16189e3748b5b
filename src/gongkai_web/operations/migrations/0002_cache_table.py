"""The table of the shared cache (settings.CACHES when no Redis is configured).

Created whatever the current cache settings are, so that switching from Redis to the
database later needs no extra step; Django's own createcachetable does the work and skips a
table that exists.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command(
        "createcachetable",
        settings.CACHE_TABLE,
        database=schema_editor.connection.alias,
        verbosity=0,
    )


def drop(apps, schema_editor):
    quoted = schema_editor.quote_name(settings.CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {quoted}")


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
