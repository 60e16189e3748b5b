from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gongkai.passwords import POLICY_TEXT, password_problems


class PolicyValidator:
    """AUTH_PASSWORD_VALIDATORS entry applying gongkai.passwords' policy, in Chinese."""

    def validate(self, password: str, user: Any = None) -> None:
        username = user.get_username() if user is not None else ""
        problems = password_problems(password, username=username or "")
        if problems:
            raise ValidationError(
                [ValidationError(text, code="password_policy") for text in problems]
            )

    def get_help_text(self) -> str:
        return POLICY_TEXT
