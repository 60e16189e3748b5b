import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from gongkai_web.audit.services import SYSTEM
from gongkai_web.media_accounts import inspection, selectors, services
from gongkai_web.media_accounts.models import Platform, Problem

from .fixtures import actor


@pytest.fixture
def quarter_with_a_silent_account(cast, bureau, published, account):
    quiet, _ = services.register_account(
        actor=SYSTEM,
        agency=cast.agency("新华区实验小学"),
        platform=Platform.WECHAT,
        name="实验小学微信",
        opened_on=dt.date(2020, 1, 1),
    )
    published(account, dt.date(2024, 3, 18))
    published(quiet, dt.date(2024, 3, 1))
    inspection.run_patrol(actor=SYSTEM, agency=bureau, on=dt.date(2024, 3, 20), notify=False)
    return quiet


def issue(cast, bureau, **kw):
    args: dict[str, Any] = dict(
        year=2024,
        quarter=1,
        issued_on=dt.date(2024, 4, 8),
        deadline=dt.date(2024, 4, 30),
        number="新区通〔2024〕3号",
    )
    args.update(kw)
    return inspection.issue_bulletin(
        actor=actor(cast.user("xinhua_supervisor")), agency=bureau, **args
    )


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_it_issues_a_bulletin_whose_docx_opens_and_names_the_failing_account(
    cast, bureau, quarter_with_a_silent_account, login_as
):
    stored = issue(cast, bureau)
    assert (stored.checked, stored.failed) == (2, 1)
    response = login_as("jiaoyu_clerk").get(f"/media/bulletins/{stored.pk}/bulletin.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "新华区教育局文件" in text and "新区通〔2024〕3号" in text  # 版头
    assert "关于2024年第一季度政务新媒体\n检查情况的通报" in text  # 「通报」 not alone
    assert (
        "新华区实验小学“实验小学微信”（微信公众号）：19天未更新（最近一次：2024年3月1日）" in text
    )
    assert "总体合格率为50.0%" in text
    # 版记 (7.4): in a text box at the foot of the last page, anchored after the date.
    last = Document(io.BytesIO(response.content)).paragraphs[-1]._p
    colophon = "".join(t.text or "" for t in last.iter(f"{{{W}}}t"))
    assert "新华区教育局办公室" in colophon and "2024年4月8日印发" in colophon
    assert "2024年4月30日前完成整改" in text


def test_it_attaches_the_annex_and_sets_the_deadline_on_the_listed_problems(
    cast, bureau, quarter_with_a_silent_account, login_as
):
    stored = issue(cast, bureau)
    response = login_as("xinhua_supervisor").get(f"/media/bulletins/{stored.pk}/annex.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][2:5] == ("微信公众号", "实验小学微信", "更新不及时（超过2周未更新）")
    (problem,) = Problem.objects.all()
    assert (problem.bulletin, problem.deadline) == (stored, dt.date(2024, 4, 30))


def test_it_tracks_rectification_until_closed(cast, bureau, quarter_with_a_silent_account):
    issue(cast, bureau)
    problem = Problem.objects.get()
    school_clerk = cast.user(
        "jiaoyu_clerk"
    )  # the bureau's clerk does not operate the school's account
    with pytest.raises(Exception, match="只有账号所属单位"):
        inspection.submit_rectification(
            actor=actor(school_clerk), problem=problem, text="已恢复更新"
        )
    problem = inspection.submit_rectification(actor=SYSTEM, problem=problem, text="已恢复更新")
    with pytest.raises(ValidationError, match="不能改为“已报整改”"):
        inspection.submit_rectification(actor=SYSTEM, problem=problem, text="again")
    supervisor = actor(cast.user("xinhua_supervisor"))
    problem = inspection.reject_rectification(actor=supervisor, problem=problem, reason="仍未更新")
    assert problem.status == "open"
    problem = inspection.submit_rectification(actor=SYSTEM, problem=problem, text="已更新 3 条")
    problem = inspection.close_problem(actor=supervisor, problem=problem, on=dt.date(2024, 4, 20))
    assert (problem.status, problem.closed_on) == ("closed", dt.date(2024, 4, 20))
    counts = selectors.year_counts(bureau, 2024)
    assert (
        counts.problems_found,
        counts.problems_fixed,
        counts.bulletins,
        counts.daily_patrols,
    ) == (1, 1, 1, 1)


def test_it_refuses_a_second_bulletin_for_the_quarter_and_one_issued_too_early(
    cast, bureau, quarter_with_a_silent_account
):
    with pytest.raises(ValidationError, match="应在季度结束（2024-03-31）之后印发"):
        issue(cast, bureau, issued_on=dt.date(2024, 3, 31))
    issue(cast, bureau)
    with pytest.raises(ValidationError, match="第1季度的通报已印发"):
        issue(cast, bureau)


def test_it_demands_no_rectification_and_has_no_annex_when_nothing_was_found(
    cast, bureau, account, login_as
):
    stored = issue(cast, bureau)
    client = login_as("xinhua_supervisor")
    docx = client.get(f"/media/bulletins/{stored.pk}/bulletin.docx").content
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "本次检查未发现问题。" in text
    assert "整改" not in text and "附件" not in text and "问题清单" not in text
    page = client.get(f"/media/bulletins/{stored.pk}/").content.decode()
    assert "annex.xlsx" not in page
    assert client.get(f"/media/bulletins/{stored.pk}/annex.xlsx").status_code == 404


def test_it_refuses_a_document_number_not_written_as_the_standard_asks(bureau, login_as):
    form = {
        "agency": bureau.pk,
        "year": 2024,
        "quarter": 1,
        "issued_on": "2024-04-08",
        "deadline": "2024-04-30",
        "recipients": "各有关单位",
        "number": "新区通[2024]03号",
    }
    page = login_as("xinhua_supervisor").post("/media/bulletins/", form).content.decode()
    assert "发文字号应写作“机关代字〔年份〕序号号”" in page
