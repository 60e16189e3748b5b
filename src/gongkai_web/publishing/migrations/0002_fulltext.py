# The full-text index, per database vendor (publishing/fts.py explains both).
from django.db import migrations

from gongkai_web.publishing import fts


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(fts.forwards, fts.backwards)]
