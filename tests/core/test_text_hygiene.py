"""The text checker of Chinese official prose: each problem found with its suggestion, and one
fix for all of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.documents.hygiene import Problem, check, fix


@pytest.mark.parametrize(
    ("text", "problem", "fixed"),
    [
        ("请提供身份证复印件。。", Problem.DOUBLED, "请提供身份证复印件。"),
        ("因负责人同意延期。，本机关", Problem.DOUBLED, "因负责人同意延期，本机关"),
        ("理由如下，。", Problem.DOUBLED, "理由如下。"),
        ("申请获取“关于&quot;双减&quot;的通知”", Problem.ENTITY, '申请获取“关于"双减"的通知”'),
        ("审核流程,引入", Problem.HALF_COMMA, "审核流程，引入"),
        ("联系电话:0375-1234567", Problem.HALF_WIDTH, "联系电话：0375-1234567"),
        ("是否公开?请答复", Problem.HALF_WIDTH, "是否公开？请答复"),
        ("第二十三条(复议前置)", Problem.HALF_WIDTH, "第二十三条（复议前置）"),
        ("共收到 12 件申请", Problem.SPACE_NUMBER, "共收到12件申请"),
        ("于2024-03-05收到", Problem.ISO_DATE, "于2024年3月5日收到"),
        ("于2024/3/15收到", Problem.ISO_DATE, "于2024年3月15日收到"),
    ],
)
def test_it_finds_and_fixes_each_problem(text: str, problem: Problem, fixed: str) -> None:
    assert problem in {issue.problem for issue in check(text)}
    assert fix(text) == fixed
    assert check(fixed) == []


@pytest.mark.parametrize(
    "text",
    [
        "收费3,000元",  # a thousands separator between digits
        "依据第3.5项",
        "上午10:30",
        "网址 www.gov.cn",
        "真的吗？！",
        "2024年3月5日",
        "附件：1.申请表",
        "“复印件”。",
        "……等。",
        "（一）主动公开",
    ],
)
def test_it_leaves_correct_text_alone(text: str) -> None:
    assert check(text) == []
    assert fix(text) == text


def test_it_says_what_to_write_instead() -> None:
    (issue,) = check("共 12件")
    assert issue.message == "数字两侧空格：“␣”应为“”"
    (issue,) = check("复印件。。")
    assert issue.message == "重复标点：“。。”应为“。”" and (issue.start, issue.end) == (3, 5)


def test_it_does_not_touch_a_date_that_is_not_one() -> None:
    assert fix("编号2024-13-45") == "编号2024-13-45"


@given(st.text(alphabet="复印件本机关12 ,.;:。，；：?？!！()（）&quot;-/2024年", max_size=40))
def test_it_fixes_in_one_pass(text: str) -> None:
    once = fix(text)
    assert fix(once) == once
