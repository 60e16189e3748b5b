import json

import pytest

from gongkai.wording import (
    Dictionary,
    DictionaryError,
    Entry,
    Kind,
    default_dictionary,
    entries_from_json,
)


def test_it_finds_every_hit_with_position_and_suggestion():
    text = "截止目前，我局再接再励，按装设备。再接再励！"
    hits = default_dictionary().find(text)

    assert [(h.term, h.start, h.suggestion) for h in hits] == [
        ("截止目前", 0, "截至目前"),
        ("再接再励", 7, "再接再厉"),
        ("按装", 12, "安装"),
        ("再接再励", 17, "再接再厉"),
    ]
    assert text[hits[1].start : hits[1].end] == "再接再励"
    assert "建议改为“截至目前”" in hits[0].message


def test_it_prefers_the_longest_term_at_one_place():
    dictionary = Dictionary(
        [
            Entry("卫生计生委", Kind.OBSOLETE, "卫生健康委"),
            Entry("国家卫生计生委", Kind.OBSOLETE, "国家卫生健康委"),
        ]
    )
    assert [h.term for h in dictionary.find("国家卫生计生委通知")] == ["国家卫生计生委"]


def test_it_marks_sensitive_wording_without_a_fixed_rewrite():
    (hit,) = default_dictionary().find("所谓中华民国")
    assert hit.kind is Kind.SENSITIVE
    assert hit.message.endswith("请核实并修改")


def test_it_finds_nothing_in_clean_text_or_with_an_empty_dictionary():
    assert default_dictionary().find("新华区教育局召开年度工作会议") == []
    assert Dictionary([]).find("截止目前") == []


def test_it_lets_an_agency_extend_and_override_the_list():
    extended = default_dictionary().extended([Entry("教体局", Kind.OBSOLETE, "教育局")])
    assert [h.suggestion for h in extended.find("区教体局")] == ["教育局"]
    assert len(extended) == len(default_dictionary()) + 1


def test_it_refuses_bad_entries_in_chinese():
    with pytest.raises(DictionaryError, match="类别“typo”无效"):
        entries_from_json([{"term": "x", "kind": "typo"}])
    with pytest.raises(DictionaryError, match="第 1 条缺少词语"):
        entries_from_json([{"kind": "wrong"}])
    with pytest.raises(DictionaryError, match="建议写法与原词相同"):
        Dictionary([Entry("安装", Kind.WRONG, "安装")])


def test_it_ships_a_dictionary_file_that_parses():
    assert len(default_dictionary()) >= 20
    assert (
        entries_from_json(json.loads('[{"term": "a", "kind": "wrong", "suggestion": "b"}]'))[
            0
        ].suggestion
        == "b"
    )
