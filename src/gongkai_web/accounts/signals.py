from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai_web import clock
from gongkai_web.accounts import lockout
from gongkai_web.accounts.models import Profile
from gongkai_web.audit import services as audit


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def give_every_user_a_profile(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        Profile.objects.get_or_create(user=instance)


@receiver(user_login_failed)
def count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = str(credentials.get("username") or "")
    if not username:
        return
    address = audit.client_address(request) if request is not None else ""
    with transaction.atomic():
        lockout.note_failure(username=username, address=address, now=clock.now())
        audit.record(
            actor=audit.Actor(user=None, address=address),
            action="account.login_failed",
            object_type="auth.user",
            changes={"username": username[:150]},
        )


@receiver(user_logged_in)
def clear_failures(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        lockout.clear(username=user.get_username())
        actor = audit.Actor(
            user=user, address=audit.client_address(request) if request is not None else ""
        )
        audit.record(actor=actor, action="account.logged_in", obj=user)


@receiver(post_save, sender="admin.LogEntry")
def audit_admin_changes(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Changes made in Django's admin enter the audit chain like any other write.

    The admin saves its LogEntry inside the same transaction as the change itself.
    """
    if not created or kwargs.get("raw"):
        return
    verbs = {1: "added", 2: "changed", 3: "deleted"}
    content_type = instance.content_type
    with transaction.atomic():
        audit.record(
            actor=audit.Actor(user=instance.user, role="sysadmin"),
            action=f"admin.{verbs.get(instance.action_flag, 'changed')}",
            object_type=content_type.natural_key()[0] + "." + content_type.model
            if content_type
            else "",
            object_id=str(instance.object_id or ""),
            changes={"repr": instance.object_repr, "message": instance.get_change_message()},
        )
