# PostgreSQL: token-set vectors with partial GIN indexes (publishing/fts.py); nothing changes
# on SQLite.
from django.db import migrations

from gongkai_web.publishing import fts


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_fulltext")]

    operations = [migrations.RunPython(fts.to_token_sets, fts.from_token_sets)]
