from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai_web.operations.models import TaskFailure
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import role_required


@role_required(Role.SYSADMIN)
def task_failures(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    failures = TaskFailure.objects.all() if show_all else TaskFailure.objects.filter(resolved=False)
    return render(
        request,
        "operations/task_failures.html",
        {"failures": failures[:200], "show_all": show_all},
    )


@role_required(Role.SYSADMIN)
@require_POST
def task_failure_resolve(request: HttpRequest, failure_id: int) -> HttpResponse:
    failure = get_object_or_404(TaskFailure, pk=failure_id)
    failure.resolved = True
    failure.save(update_fields=["resolved"])
    messages.success(request, f"已将任务 {failure.task_name} 的失败记录标为已处理。")
    return redirect("operations:task_failures")
