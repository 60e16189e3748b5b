"""SM4-GCM field encryption with rotating keys and an HMAC-SM3 blind index."""

import base64

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gongkai.crypto import (
    DecryptionError,
    KeyringError,
    blind_index,
    decrypt,
    encrypt,
    is_token,
    key_version,
    needs_rotation,
    parse_keyring,
    rotate,
)

K1 = "00112233445566778899aabbccddeeff"
K2 = "ffeeddccbbaa99887766554433221100"
ID = "410402198001011236"
CONTEXT = "applications.Applicant.id_number"


def test_sm4_meets_the_standard_vector() -> None:
    # GB/T 32907-2016 appendix A, example 1: key = plaintext.
    block = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(block), modes.ECB()).encryptor()
    assert (encryptor.update(block) + encryptor.finalize()).hex() == (
        "681edf34d206965e86b3e94f536e4246"
    )


def test_it_round_trips_and_never_shows_the_plaintext() -> None:
    ring = parse_keyring(f"1:{K1}")
    token = encrypt(ring, ID, context=CONTEXT)
    assert ID not in token and "1236" not in token
    assert token.startswith("SM4GCM$1$")
    assert is_token(token)
    assert decrypt(ring, token, context=CONTEXT) == ID


def test_it_uses_a_fresh_nonce_each_time() -> None:
    ring = parse_keyring(f"1:{K1}")
    assert encrypt(ring, ID, context=CONTEXT) != encrypt(ring, ID, context=CONTEXT)


def test_it_refuses_a_ciphertext_moved_to_another_field() -> None:
    ring = parse_keyring(f"1:{K1}")
    token = encrypt(ring, ID, context=CONTEXT)
    with pytest.raises(DecryptionError, match="复制到其他字段"):
        decrypt(ring, token, context="applications.Applicant.phone")


def test_it_refuses_a_tampered_ciphertext() -> None:
    ring = parse_keyring(f"1:{K1}")
    token = encrypt(ring, ID, context=CONTEXT)
    prefix, blob = token.rsplit("$", 1)
    raw = bytearray(base64.urlsafe_b64decode(blob))
    raw[20] ^= 0x01
    flipped = f"{prefix}${base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(DecryptionError):
        decrypt(ring, flipped, context=CONTEXT)


def test_it_reads_old_tokens_after_a_new_key_is_added_and_rotates_them() -> None:
    old = parse_keyring(f"1:{K1}")
    token = encrypt(old, ID, context=CONTEXT)
    new = parse_keyring(f"1:{K1},2:{K2}")
    assert decrypt(new, token, context=CONTEXT) == ID
    assert needs_rotation(new, token)
    rotated = rotate(new, token, context=CONTEXT)
    assert key_version(rotated) == 2
    assert decrypt(new, rotated, context=CONTEXT) == ID
    assert rotate(new, rotated, context=CONTEXT) == rotated


def test_it_names_a_key_version_it_no_longer_holds() -> None:
    token = encrypt(parse_keyring(f"1:{K1}"), ID, context=CONTEXT)
    with pytest.raises(DecryptionError, match="第 1 版密钥"):
        decrypt(parse_keyring(f"2:{K2}"), token, context=CONTEXT)


def test_the_blind_index_is_stable_across_new_key_versions() -> None:
    old = parse_keyring(f"1:{K1}")
    new = parse_keyring(f"1:{K1},2:{K2}")
    assert blind_index(old, ID, context=CONTEXT) == blind_index(new, ID, context=CONTEXT)
    assert blind_index(old, ID, context=CONTEXT) != blind_index(old, ID, context="other")
    assert ID not in blind_index(old, ID, context=CONTEXT)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "未配置加密密钥"),
        ("1:00ff", "应为 16 字节"),
        ("1:zz", "不是有效的十六进制串"),
        (K1, "密钥格式应为"),
        (f"a:{K1}", "应为正整数"),
    ],
)
def test_it_explains_a_bad_key_setting(text: str, message: str) -> None:
    with pytest.raises(KeyringError, match=message):
        parse_keyring(text)


def test_it_never_prints_keys() -> None:
    assert K1 not in repr(parse_keyring(f"1:{K1}"))
