"""Labelled enums: every member carries its Chinese label, and a value looks its member up."""

from __future__ import annotations

import pytest

from gongkai.workflow.lifecycle import Labelled, Role


def test_it_looks_a_member_up_by_its_value_with_its_label() -> None:
    assert Role("reviewer") is Role.REVIEWER
    assert Role("reviewer").label == "审核人"


def test_it_refuses_a_member_without_a_label() -> None:
    with pytest.raises(TypeError, match="needs its Chinese label"):

        class Unlabelled(Labelled):
            ONLY = "only"


def test_it_refuses_an_unknown_value() -> None:
    with pytest.raises(ValueError):
        Role("janitor")
