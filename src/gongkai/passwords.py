"""Password policy (等保 2.0 level 3 practice) and TOTP second factor (RFC 6238).

The policy returns every problem at once so the form can list them all, in Chinese.
TOTP takes the time as an argument: the caller reads the clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import string
from urllib.parse import quote, urlencode

MIN_LENGTH = 8
MIN_CLASSES = 3

_CLASSES = (
    ("大写字母", frozenset(string.ascii_uppercase)),
    ("小写字母", frozenset(string.ascii_lowercase)),
    ("数字", frozenset(string.digits)),
)
_SYMBOL = "符号"


def character_classes(password: str) -> list[str]:
    found = [name for name, chars in _CLASSES if any(c in chars for c in password)]
    if any(not c.isascii() or not c.isalnum() for c in password):
        found.append(_SYMBOL)
    return found


def password_problems(password: str, *, username: str = "") -> list[str]:
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少 {MIN_LENGTH} 位，现为 {len(password)} 位")
    classes = character_classes(password)
    if len(classes) < MIN_CLASSES:
        have = "、".join(classes) or "无"
        problems.append(
            f"密码须包含大写字母、小写字母、数字、符号四类中的至少 {MIN_CLASSES} 类，"
            f"现只有 {len(classes)} 类（{have}）"
        )
    if username and len(username) >= 3 and username.lower() in password.lower():
        problems.append("密码不能包含用户名")
    return problems


def generate_password(length: int = 16) -> str:
    """A random temporary password that meets the policy (all four classes)."""
    alphabet = string.ascii_letters + string.digits + "#%+=@"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(max(length, MIN_LENGTH)))
        if len(character_classes(candidate)) == 4:
            return candidate


POLICY_TEXT = (
    f"密码至少 {MIN_LENGTH} 位，并包含大写字母、小写字母、数字、符号中的至少 {MIN_CLASSES} 类。"
)

TOTP_STEP = 30
TOTP_DIGITS = 6
SECRET_BYTES = 20  # RFC 4226 recommends 160 bits for HMAC-SHA1.


def new_totp_secret() -> str:
    return base64.b32encode(os.urandom(SECRET_BYTES)).decode("ascii").rstrip("=")


def _secret_bytes(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(secret: str, counter: int, *, digits: int = TOTP_DIGITS) -> str:
    mac = hmac.new(_secret_bytes(secret), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def time_step(unix_time: float, *, step: int = TOTP_STEP) -> int:
    return int(unix_time // step)


def totp(secret: str, *, unix_time: float, digits: int = TOTP_DIGITS) -> str:
    return hotp(secret, time_step(unix_time), digits=digits)


def verify_totp(
    secret: str, code: str, *, unix_time: float, last_used_step: int | None = None, window: int = 1
) -> int | None:
    """The time step the code belongs to, or None.

    ``window`` steps either side allow for clock drift; a step at or before
    ``last_used_step`` is refused so an overheard code cannot be replayed.
    """
    code = code.strip().replace(" ", "")
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    now = time_step(unix_time)
    for candidate in range(now - window, now + window + 1):
        if last_used_step is not None and candidate <= last_used_step:
            continue
        if hmac.compare_digest(hotp(secret, candidate), code):
            return candidate
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """otpauth:// URI that authenticator apps read from a QR code."""
    label = quote(f"{issuer}:{account}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "digits": TOTP_DIGITS, "period": TOTP_STEP}
    )
    return f"otpauth://totp/{label}?{query}"
