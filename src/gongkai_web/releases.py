"""The database schema of each released version: its migration heads, app by app.

There are no version tags yet. Release 0.1.0 is the tree at commit 76a5da7, the last landing
before the offline kit (deploy/). tests/web/test_upgrade_from_release.py migrates a populated
database from LAST_RELEASE's heads to the current ones; when a version is released, add its
heads here (`gongkai-web showmigrations --plan` on that tree, the last line of each app) and
point LAST_RELEASE at it.
"""

from __future__ import annotations

RELEASES: dict[str, dict[str, str]] = {
    "0.1.0": {
        "accounts": "0001_initial",
        "admin": "0003_logentry_add_action_flag_choices",
        "annual_reports": "0003_workflow_events",
        "audit": "0002_chain_head_row",
        "auth": "0012_alter_user_first_name_max_length",
        "cases": "0009_event_urge",
        "contenttypes": "0002_remove_content_type_name",
        "media_accounts": "0003_post_workflow",
        "operations": "0003_calendar_year",
        "organizations": "0001_initial",
        "oversight": "0002_scoring_run_workflow",
        "publishing": "0010_category_time_limit",
        "sessions": "0001_initial",
    },
}
LAST_RELEASE = "0.1.0"
