"""The 错敏词 dictionary: words for every agency, kept by the system administrator, and each
agency's own words, kept by its reviewers and leaders."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.publishing.wordcheck import WordKind
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import has_role, roles_at
from gongkai_web.publishing.models import SensitiveWord

AGENCY_WORD_ROLES = frozenset({Role.REVIEWER, Role.LEADER})


def may_maintain_words(user: Any, agency: Agency | None) -> bool:
    """``agency`` None is the dictionary every agency shares."""
    if agency is None:
        return has_role(user, Role.SYSADMIN)
    return bool(roles_at(user, agency) & AGENCY_WORD_ROLES)


def _require(actor: audit.Actor, agency: Agency | None) -> None:
    # Loaders and commands act as audit.SYSTEM; every request carries its logged-in user.
    if actor.user is None and actor.role == audit.SYSTEM.role:
        return
    if actor.user is None or not may_maintain_words(actor.user, agency):
        if agency is None:
            raise PermissionDenied("全部机关通用的错敏词由系统管理员维护")
        raise PermissionDenied(f"{agency.name}的错敏词由本机关的审核人或分管领导维护")


def _checked(kind: str, suggestion: str) -> str:
    if kind not in {k.value for k in WordKind}:
        raise ValidationError({"kind": f"未知的类别“{kind}”"})
    suggestion = suggestion.strip()
    if kind != WordKind.SENSITIVE.value and not suggestion:
        raise ValidationError({"suggestion": "错误表述和过时名称须给出建议用语（正确的说法）"})
    return suggestion


def add_sensitive_word(
    *, actor: audit.Actor, word: str, kind: str, suggestion: str = "", agency: Agency | None = None
) -> SensitiveWord:
    _require(actor, agency)
    word = word.strip()
    if not word:
        raise ValidationError({"word": "请填写词语"})
    suggestion = _checked(kind, suggestion)
    if suggestion == word:
        raise ValidationError({"suggestion": "建议用语与词语相同，请填写正确的说法"})
    with transaction.atomic():
        # Checked first for a clear message; the two unique constraints (one for the shared
        # words) refuse a word added twice at the same moment.
        same = list(SensitiveWord.objects.filter(word=word))
        if any(w.agency_id is None for w in same):
            raise ValidationError({"word": f"“{word}”已在全部机关通用的词库中"})
        if agency is not None and any(w.agency_id == agency.pk for w in same):
            raise ValidationError({"word": f"“{word}”已在{agency.name}的词库中"})
        try:
            with transaction.atomic():
                entry = SensitiveWord.objects.create(
                    agency=agency, word=word, kind=kind, suggestion=suggestion
                )
        except IntegrityError:
            raise ValidationError({"word": f"“{word}”刚被他人加入词库，请刷新后查看"}) from None
        audit.record(
            actor=actor, action="wordcheck.added", obj=entry, agency=agency,
            changes={"word": word, "kind": kind, "suggestion": suggestion},
        )  # fmt: skip
    return entry


def update_sensitive_word(
    *, actor: audit.Actor, word: SensitiveWord, kind: str, suggestion: str = ""
) -> SensitiveWord:
    with transaction.atomic():
        locked = (
            SensitiveWord.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=word.pk)
        )
        _require(actor, locked.agency)
        suggestion = _checked(kind, suggestion)
        if suggestion == locked.word:
            raise ValidationError({"suggestion": "建议用语与词语相同，请填写正确的说法"})
        before = audit.snapshot(locked, ("kind", "suggestion"))
        locked.kind, locked.suggestion = kind, suggestion
        locked.save(update_fields=["kind", "suggestion"])
        changes = audit.diff(before, audit.snapshot(locked, ("kind", "suggestion")))
        audit.record(
            actor=actor, action="wordcheck.edited", obj=locked, agency=locked.agency,
            changes={"word": locked.word, **changes},
        )  # fmt: skip
    return locked


def delete_sensitive_word(*, actor: audit.Actor, word: SensitiveWord) -> None:
    with transaction.atomic():
        locked = (
            SensitiveWord.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=word.pk)
        )
        _require(actor, locked.agency)
        audit.record(
            actor=actor, action="wordcheck.deleted", obj=locked, agency=locked.agency,
            changes={"word": locked.word, "kind": locked.kind, "suggestion": locked.suggestion},
        )  # fmt: skip
        locked.delete()
