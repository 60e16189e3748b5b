"""The SM3 audit chain names the first altered, inserted or missing entry."""

import dataclasses

import pytest

from gongkai.audit_chain import (
    GENESIS_HASH,
    BreakKind,
    ChainEntry,
    canonical_bytes,
    link_hash,
    seal,
    sm3_hex,
    verify,
)


def build_chain(length: int) -> list[ChainEntry]:
    chain: list[ChainEntry] = []
    for number in range(length):
        chain.append(
            seal(
                prev=chain[-1] if chain else None,
                content={"action": "case.registered", "object_id": str(number), "who": "张三"},
            )
        )
    return chain


def test_it_computes_the_sm3_standard_vector() -> None:
    # GM/T 0004-2012 appendix A, example 1.
    assert sm3_hex(b"abc") == ("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")


def test_it_serialises_content_the_same_whatever_the_key_order() -> None:
    assert canonical_bytes({"b": 1, "a": "公开"}) == canonical_bytes({"a": "公开", "b": 1})
    assert canonical_bytes({"a": "公开"}) == '{"a":"公开"}'.encode()


def test_it_refuses_floats_whose_text_a_database_may_change() -> None:
    with pytest.raises(TypeError, match=r"\$\.fee: float"):
        canonical_bytes({"fee": 1.5})


def test_it_chains_each_entry_to_the_previous_hash() -> None:
    first, second = build_chain(2)
    assert first.seq == 1 and first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert second.hash == link_hash(prev_hash=first.hash, seq=2, content=second.content)


def test_it_finds_an_intact_chain_intact() -> None:
    chain = build_chain(5)
    report = verify(chain, expected_head=(5, chain[-1].hash))
    assert report.intact
    assert report.checked == 5
    assert report.head_hash == chain[-1].hash


def test_it_finds_an_empty_chain_intact() -> None:
    assert verify([], expected_head=(0, GENESIS_HASH)).intact


def test_it_names_an_altered_entry() -> None:
    chain = build_chain(5)
    chain[2] = dataclasses.replace(chain[2], content={**chain[2].content, "who": "李四"})
    found = verify(chain).first_break
    assert found is not None
    assert (found.seq, found.kind) == (3, BreakKind.ALTERED)
    assert "第 3 条" in found.message


def test_it_names_the_entry_after_one_altered_and_rehashed() -> None:
    chain = build_chain(5)
    forged = seal(prev=chain[0], content={"action": "case.registered", "who": "李四"})
    chain[1] = forged
    found = verify(chain).first_break
    assert found is not None
    assert (found.seq, found.kind) == (3, BreakKind.RELINKED)


def test_it_names_a_missing_entry() -> None:
    chain = build_chain(5)
    del chain[1]
    found = verify(chain).first_break
    assert found is not None
    assert (found.seq, found.kind) == (2, BreakKind.MISSING)
    assert found.message == "缺少第 2 条审计记录（已被删除）"


def test_it_names_an_inserted_entry() -> None:
    chain = build_chain(5)
    chain.insert(3, dataclasses.replace(chain[2]))
    found = verify(chain).first_break
    assert found is not None
    assert (found.seq, found.kind) == (3, BreakKind.INSERTED)


def test_it_notices_a_deleted_tail_against_the_head() -> None:
    chain = build_chain(5)
    found = verify(chain[:3], expected_head=(5, chain[-1].hash)).first_break
    assert found is not None
    assert (found.seq, found.kind) == (4, BreakKind.MISSING)


def test_it_notices_entries_appended_behind_the_writers_back() -> None:
    chain = build_chain(5)
    found = verify(chain, expected_head=(4, chain[3].hash)).first_break
    assert found is not None
    assert (found.seq, found.kind) == (5, BreakKind.INSERTED)


def test_it_notices_a_wholly_rewritten_chain_against_an_anchor() -> None:
    chain = build_chain(3)
    rewritten = [seal(prev=None, content={"who": "李四"})]
    rewritten += [seal(prev=rewritten[-1], content=entry.content) for entry in chain[1:]]
    found = verify(rewritten, anchors={2: chain[1].hash}).first_break
    assert found is not None
    assert (found.seq, found.kind) == (2, BreakKind.ALTERED)


def test_it_notices_a_cut_off_tail_against_an_anchor_past_the_last_entry() -> None:
    chain = build_chain(6)
    kept = chain[:4]
    # The head was moved back with the rows, so only the anchor knows entries 5 and 6.
    found = verify(kept, expected_head=(4, kept[-1].hash), anchors={6: chain[5].hash}).first_break
    assert found is not None
    assert (found.seq, found.kind) == (5, BreakKind.MISSING)
    assert "第 5–6 条" in found.message


def test_an_anchor_within_the_log_still_passes() -> None:
    chain = build_chain(4)
    assert verify(chain, expected_head=(4, chain[-1].hash), anchors={4: chain[3].hash}).intact
