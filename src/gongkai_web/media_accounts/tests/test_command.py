import pytest
from django.core.management import CommandError, call_command

from gongkai_web.media_accounts.models import PatrolRun


def test_it_runs_a_patrol_from_the_command_line(account, capsys):
    call_command("media_patrol", "--agency", "新华区教育局", "--on", "2024-06-30")
    assert "新华区教育局 每日巡查 2024-06-30：检查 1 个账号" in capsys.readouterr().out
    call_command("media_patrol", "--on", "2024-06-30", "--weekly")
    assert sorted(PatrolRun.objects.values_list("kind", flat=True)) == ["daily", "weekly"]


def test_it_explains_a_bad_date_or_agency(account):
    with pytest.raises(CommandError, match="日期“30/6”无效"):
        call_command("media_patrol", "--on", "30/6")
    with pytest.raises(CommandError, match="找不到机关“教育局”"):
        call_command("media_patrol", "--agency", "教育局")
