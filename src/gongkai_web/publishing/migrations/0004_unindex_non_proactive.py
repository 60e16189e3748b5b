"""Empty the search columns of 依申请公开 and 不予公开 entries, which services.index_entry
no longer fills: both databases' indexes are made from these columns (fts.py), and on SQLite
the update trigger takes the old text out of the FTS5 table."""

from __future__ import annotations

from django.db import migrations


def unindex(apps, schema_editor):
    Entry = apps.get_model("publishing", "Entry")
    Entry.objects.exclude(disclosure="proactive").update(
        search_title="", search_body="", search_facets=""
    )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_search_token_sets")]

    operations = [migrations.RunPython(unindex, migrations.RunPython.noop)]
