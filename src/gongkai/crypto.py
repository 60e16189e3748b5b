"""SM4 field encryption for personal information at rest, and a blind index to find it.

A token looks like ``SM4GCM$2$<base64url(nonce ‖ ciphertext ‖ tag)>``: the algorithm and the
key version travel with the value so keys can rotate (old tokens stay readable while the
newest key encrypts). The field's name is bound in as associated data, so a ciphertext
copied from one column to another fails to decrypt instead of showing the wrong value.

The blind index is HMAC-SM3 under a key of its own, so an ID number can be looked up by
equality without decrypting every row; it never rotates with the encryption keys.

Keys come from the caller (the web project reads them from the environment).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ALGORITHM = "SM4GCM"
KEY_BYTES = 16  # SM4 has a 128-bit key.
NONCE_BYTES = 12
TAG_BYTES = 16

_TOKEN = re.compile(r"^SM4GCM\$(\d+)\$([A-Za-z0-9_-]+={0,2})$")


class KeyringError(ValueError):
    """The key configuration is unusable; the message says how to fix it."""


class DecryptionError(ValueError):
    """A token that cannot be decrypted: unknown key version, damaged, or moved."""


@dataclass(frozen=True)
class Keyring:
    keys: Mapping[int, bytes]
    current: int
    index_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise KeyringError(f"当前密钥版本 {self.current} 不在密钥环中")
        for version, key in self.keys.items():
            if len(key) != KEY_BYTES:
                raise KeyringError(
                    f"第 {version} 版密钥应为 {KEY_BYTES} 字节，现为 {len(key)} 字节"
                )

    def __repr__(self) -> str:
        return f"Keyring(versions={sorted(self.keys)}, current={self.current})"


def _hmac_sm3(key: bytes, message: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(message)
    return mac.finalize()


def parse_keyring(text: str) -> Keyring:
    """Read ``1:<32 hex>,2:<32 hex>[,index:<hex>]``; the highest version encrypts.

    Without an explicit ``index:`` entry the index key is derived from the lowest version,
    so adding a new version never changes the index of stored values.
    """
    keys: dict[int, bytes] = {}
    index_key: bytes | None = None
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        label, sep, hexkey = item.partition(":")
        if not sep:
            raise KeyringError(
                "密钥格式应为“版本号:32 位十六进制”，多个密钥用逗号分隔，例如 1:00112233…"
            )
        try:
            key = binascii.unhexlify(hexkey.strip())
        except (binascii.Error, ValueError):
            raise KeyringError(f"密钥“{label}”不是有效的十六进制串") from None
        if label.strip() == "index":
            if len(key) < KEY_BYTES:
                raise KeyringError(f"索引密钥至少 {KEY_BYTES} 字节")
            index_key = key
            continue
        if not label.strip().isdigit():
            raise KeyringError(f"密钥版本“{label}”应为正整数")
        keys[int(label)] = key
    if not keys:
        raise KeyringError("未配置加密密钥")
    if index_key is None:
        index_key = _hmac_sm3(keys[min(keys)], b"gongkai blind index v1")
    return Keyring(keys=keys, current=max(keys), index_key=index_key)


def generate_key_hex() -> str:
    return os.urandom(KEY_BYTES).hex()


def encrypt(keyring: Keyring, plaintext: str, *, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(keyring.keys[keyring.current]), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_aad(keyring.current, context))
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    blob = base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{ALGORITHM}${keyring.current}${blob}"


def decrypt(keyring: Keyring, token: str, *, context: str) -> str:
    version, blob = _split(token)
    key = keyring.keys.get(version)
    if key is None:
        raise DecryptionError(f"密文使用第 {version} 版密钥，但密钥环中没有该版本")
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("密文长度不足，已损坏")
    nonce, body, tag = blob[:NONCE_BYTES], blob[NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(_aad(version, context))
    try:
        plain = decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise DecryptionError("密文校验失败：已被改动、被复制到其他字段或密钥不对") from None
    return plain.decode("utf-8")


def key_version(token: str) -> int:
    return _split(token)[0]


def needs_rotation(keyring: Keyring, token: str) -> bool:
    return key_version(token) != keyring.current


def rotate(keyring: Keyring, token: str, *, context: str) -> str:
    """The same value under the current key (unchanged if it already is)."""
    if not needs_rotation(keyring, token):
        return token
    return encrypt(keyring, decrypt(keyring, token, context=context), context=context)


def blind_index(keyring: Keyring, value: str, *, context: str) -> str:
    return _hmac_sm3(keyring.index_key, context.encode("utf-8") + b"\x00" + value.encode()).hex()


def is_token(text: str) -> bool:
    return _TOKEN.match(text) is not None


def _aad(version: int, context: str) -> bytes:
    return f"{ALGORITHM}${version}${context}".encode()


def _split(token: str) -> tuple[int, bytes]:
    match = _TOKEN.match(token)
    if match is None:
        raise DecryptionError("不是 gongkai 的 SM4 密文")
    try:
        blob = base64.urlsafe_b64decode(match.group(2))
    except (binascii.Error, ValueError):
        raise DecryptionError("密文编码已损坏") from None
    return int(match.group(1)), blob
