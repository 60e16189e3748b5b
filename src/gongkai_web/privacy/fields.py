"""A text field stored as SM4-GCM ciphertext; the model sees plaintext, the database never does.

The field's ``app_label.Model.field`` name is bound into each ciphertext, so a value copied
into another column does not decrypt. Equality lookups do not work on ciphertext (each
value has its own nonce): store ``blind_index(...)`` in a sibling column and filter on that.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai import crypto
from gongkai_web.privacy.keys import keyring


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)
        self.context = f"{cls._meta.label}.{name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(keyring(), value, context=self.context)

    # Serialisation (dumpdata, backups) carries the ciphertext, never the plaintext; loading
    # it back goes through to_python, which recognises a token and decrypts it.
    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        if value is None or value == "":
            return "" if value is None else value
        return crypto.encrypt(keyring(), str(value), context=self.context)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and crypto.is_token(value):
            return crypto.decrypt(keyring(), value, context=self.context)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(keyring(), str(value), context=self.context)


def blind_index(model: type[models.Model], field_name: str, value: str) -> str:
    return crypto.blind_index(keyring(), value, context=f"{model._meta.label}.{field_name}")
