"""No function in src/ writes a reviewed record's state except the workflow's move
(gongkai_web.workflow.services): the scan finds every assignment to a state field, every
``.update()``/``bulk_update()`` of one, every reviewed record created in a state other than its
lifecycle's first, and every ``bulk_create`` of reviewed records.

The reviewed models and their state fields come from the workflow registry (each app's
``workflow.py`` registers one Kind per model). Python cannot say from the source alone whose
``.status`` an assignment sets, so every assignment to a field of that name is found, and those
of records the workflow does not review are listed in ALLOWED with what they are.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
THE_MOVE = SRC / "gongkai_web" / "workflow" / "services.py"

# (file under src/, function, what is written) → what it is and why it is not a reviewed state.
ALLOWED = {
    ("gongkai_web/media_accounts/services.py", "change_account", ".state ="): (
        "MediaAccount.state: an account's filing state (开设/变更/注销), moved by its own "
        "table gongkai.media.filing.next_state, not a reviewed record"
    ),
    ("gongkai_web/media_accounts/services.py", "close_account", ".state ="): (
        "MediaAccount.state again: 注销 through next_state(…, FilingEvent.CLOSE)"
    ),
    ("gongkai_web/media_accounts/inspection.py", "_move", ".status ="): (
        "Problem.status: a patrol problem's rectification (PROBLEM_TRANSITIONS), not reviewed"
    ),
    ("gongkai/cases/states.py", "__init__", ".state ="): (
        "the core's in-memory state machine of a case (no record: values in, values out)"
    ),
}


@dataclass(frozen=True)
class Reviewed:
    model: str
    field: str
    initial: Any  # the lifecycle's first state (an enum member)


@pytest.fixture(scope="module")
def reviewed() -> dict[str, Reviewed]:
    from gongkai_web.workflow.kinds import registered

    return {
        kind.model.__name__: Reviewed(kind.model.__name__, kind.state_field, kind.lifecycle.initial)
        for kind in registered().values()
    }


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{dotted(node.func)}()"
    return ""


def model_of(call: ast.Call, models: dict[str, Reviewed]) -> Reviewed | None:
    """The reviewed model a call is made on: ``Post(...)``, ``Post.objects.…create(...)``."""
    name = dotted(call.func).split(".")[0].removesuffix("()")
    return models.get(name)


def is_initial(value: ast.expr, initial: Any) -> bool:
    """``State.DRAFT``, ``State.DRAFT.value`` or ``"draft"`` naming the initial state."""
    if isinstance(value, ast.Constant):
        return bool(value.value == initial.value)
    if isinstance(value, ast.Attribute) and value.attr == "value":
        value = value.value
    return isinstance(value, ast.Attribute) and value.attr == initial.name


class Finder(ast.NodeVisitor):
    def __init__(self, where: str, models: dict[str, Reviewed]) -> None:
        self.where, self.models = where, models
        self.fields = {m.field for m in models.values()}
        self.function = "<module>"
        self.found: list[tuple[str, str, str, int]] = []

    def note(self, node: ast.AST, what: str) -> None:
        self.found.append((self.where, self.function, what, getattr(node, "lineno", 0)))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def _target(self, target: ast.expr) -> None:
        if isinstance(target, ast.Attribute) and target.attr in self.fields:
            owner = target.value
            if isinstance(owner, ast.Name) and owner.id[:1].isupper():
                return  # a class's attribute (a fake server's HTTP status), not a record's field
            self.note(target, f".{target.attr} =")
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._target(element)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def _keywords(self, node: ast.Call) -> dict[str | None, ast.expr]:
        found: dict[str | None, ast.expr] = {}
        for keyword in node.keywords:
            if keyword.arg is None and isinstance(keyword.value, ast.Dict):
                for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                    found[key.value if isinstance(key, ast.Constant) else None] = value
            else:
                found[keyword.arg] = keyword.value
        return found

    def visit_Call(self, node: ast.Call) -> None:
        name = dotted(node.func)
        method = name.rsplit(".", 1)[-1]
        keywords = self._keywords(node)
        if method == "setattr" and len(node.args) >= 2:
            field = node.args[1]
            if (isinstance(field, ast.Constant) and field.value in self.fields) or (
                isinstance(field, ast.Attribute) and field.attr == "state_field"
            ):
                self.note(node, "setattr(…, state)")
        if method == "update" and (set(keywords) & self.fields or None in keywords):
            self.note(node, ".update(state=…)")
        if method == "bulk_update":
            listed = [a for a in node.args[1:]] + [keywords.get("fields")]
            for value in listed:
                if isinstance(value, ast.List | ast.Tuple) and any(
                    isinstance(e, ast.Constant) and e.value in self.fields for e in value.elts
                ):
                    self.note(node, "bulk_update(…, [state])")
        model = model_of(node, self.models)
        if model is not None:
            if method == "bulk_create":
                self.note(node, f"{model.model}.objects.bulk_create")
            if method in ("create", "get_or_create", "update_or_create", model.model):
                values = dict(keywords)
                for extra in ("defaults", "create_defaults"):
                    given = keywords.get(extra)
                    if isinstance(given, ast.Dict):
                        values |= {
                            k.value: v
                            for k, v in zip(given.keys, given.values, strict=True)
                            if isinstance(k, ast.Constant)
                        }
                state = values.get(model.field)
                if state is not None and not is_initial(state, model.initial):
                    self.note(node, f"{model.model} made in a state not its first")
        self.generic_visit(node)


def sources() -> list[Path]:
    return [
        path
        for root in (SRC / "gongkai", SRC / "gongkai_web")
        for path in sorted(root.rglob("*.py"))
        if path != THE_MOVE and not {"migrations", "tests"} & set(path.relative_to(SRC).parts)
    ]


def state_writes(path: Path, models: dict[str, Reviewed]) -> list[tuple[str, str, str, int]]:
    root = next((r for r in (SRC, SRC.parent) if path.is_relative_to(r)), path.parent)
    where = path.relative_to(root).as_posix()
    finder = Finder(where, models)
    finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return finder.found


def test_it_knows_every_reviewed_model_from_the_workflow_registry(reviewed) -> None:
    assert set(reviewed) >= {
        "Application", "Entry", "Post", "AnnualReport", "BatchCheck", "ScoreRun", "ReviewCase",
    }  # fmt: skip
    assert {r.field for r in reviewed.values()} == {"state", "status"}


def test_it_finds_no_state_written_outside_the_workflow_move(reviewed) -> None:
    found = [hit for path in sources() for hit in state_writes(path, reviewed)]
    unexplained = [
        f"{where}:{line} in {function}(): {what}"
        for where, function, what, line in found
        if (where, function, what) not in ALLOWED
    ]
    assert not unexplained, "move the record through gongkai_web.workflow.services:\n" + "\n".join(
        unexplained
    )
    # An exception no longer found is taken off the list, not kept "just in case".
    stale = set(ALLOWED) - {(where, function, what) for where, function, what, _ in found}
    assert not stale, stale


# Tests reach states as users do (the services their actions call); the exceptions:
TESTS_ALLOWED: dict[tuple[str, str, str], str] = {}


def sources_of_tests() -> list[Path]:
    return [
        path
        for root in (SRC / "gongkai_web", SRC.parent / "tests")
        for path in sorted(root.rglob("*.py"))
        if "tests" in path.relative_to(SRC.parent).parts
    ]


def test_it_finds_no_state_written_by_a_test_either(reviewed) -> None:
    found = [hit for path in sources_of_tests() for hit in state_writes(path, reviewed)]
    unexplained = [
        f"{where}:{line} in {function}(): {what}"
        for where, function, what, line in found
        if (where, function, what) not in TESTS_ALLOWED
    ]
    assert not unexplained, "reach the state through the services (a factory):\n" + "\n".join(
        unexplained
    )
    stale = set(TESTS_ALLOWED) - {(where, function, what) for where, function, what, _ in found}
    assert not stale, stale


def test_it_would_find_each_way_of_writing_a_state(reviewed, tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f(post, entry, kind, Post, Entry, State):\n"
        "    post.status = State.PUBLISHED\n"
        "    setattr(entry, kind.state_field, 'published')\n"
        "    Post.objects.filter(pk=1).update(status='published')\n"
        "    Entry.objects.bulk_update([entry], ['status'])\n"
        "    Post.objects.bulk_create([Post()])\n"
        "    Post.objects.create(status=State.PUBLISHED)\n"
        "    Post(status='published')\n"
        "    Post.objects.update_or_create(pk=1, defaults={'status': 'ready'})\n"
        "    Gateway.status = 200\n"  # a class attribute: not a record
        "    Post.objects.create(status=State.DRAFT)\n"  # the first state: allowed
        "    Post.objects.create(status='draft')\n",
        encoding="utf-8",
    )
    assert [what for _, _, what, _ in state_writes(probe, reviewed)] == [
        ".status =",
        "setattr(…, state)",
        ".update(state=…)",
        "bulk_update(…, [state])",
        "Post.objects.bulk_create",
        "Post made in a state not its first",
        "Post made in a state not its first",
        "Post made in a state not its first",
    ]
