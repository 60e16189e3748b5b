"""Project-wide checks every app must keep passing."""

from io import StringIO

import pytest
from django.core.management import call_command


def test_it_passes_djangos_system_checks():
    out = StringIO()

    call_command("check", fail_level="WARNING", stdout=out)

    assert "System check identified no issues" in out.getvalue()


@pytest.mark.django_db
def test_it_has_a_migration_for_every_model_change():
    out = StringIO()

    # Exits with SystemExit(1) and names the app when a model changed without a migration.
    call_command("makemigrations", check=True, dry_run=True, stdout=out)

    assert "No changes detected" in out.getvalue()
