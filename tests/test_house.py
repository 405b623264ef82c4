"""The shape of the package, drawn from its own imports: floors that import only downwards,
no circles, no module past about 400 lines, and no record kind named by hand outside
`records/`. docs/architecture.md draws the same floors for a reader."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mentorkit"

#: Each part of mentorkit on its floor; a module may import its own floor or lower ones.
FLOORS = {
    "mentorkit": 0, "errors": 0, "wording": 0,
    "records": 1,
    "store": 2,
    "render": 3, "figures": 3, "ics": 3, "transfer": 3, "cohort": 3, "course": 3,
    "portfolio": 3, "doctor": 3,
    "assess": 4, "page": 4, "look": 4, "widgets": 4, "drafts": 4, "downloads": 4, "forms": 4,
    "entries": 4,
    "apps": 5,
    "cli": 6, "serve": 6, "hub": 6, "lab": 6,
}  # fmt: skip

#: "About 400 lines": a module this long has more than one idea in it.
MOST_LINES = 420


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py")}


def _imported(name: str, path: Path) -> set[str]:
    """Every mentorkit module `name` imports, at the top or inside a function."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            # `from package import module` needs the module; any other name, the package
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules() else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules():
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


@cache
def graph() -> dict[str, set[str]]:
    return {name: _imported(name, path) for name, path in modules().items()}


def floor(name: str) -> int:
    part = name.split(".")[1] if "." in name else name
    return FLOORS[part]


def test_every_part_of_the_package_has_a_floor():
    assert {n.split(".")[1] for n in modules() if "." in n} <= set(FLOORS)


def test_imports_point_down_the_floors():
    upward = sorted(
        f"{a} (floor {floor(a)}) imports {b} (floor {floor(b)})"
        for a, bs in graph().items()
        for b in bs
        if floor(b) > floor(a)
    )
    assert not upward, "\n".join(upward)


def test_no_module_imports_itself_round_a_circle():
    def reaches(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph().get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    circles = sorted(f"{a} -> {b}" for a, bs in graph().items() for b in bs if a in reaches(b))
    assert not circles, "\n".join(circles)


@pytest.mark.parametrize("name", sorted(modules()))
def test_a_module_holds_one_idea(name):
    lines = len(modules()[name].read_text().splitlines())
    assert lines <= MOST_LINES, f"{name} has {lines} lines: split it along its seams"


def _hand_kept_lists(tree: ast.AST, names: set[str], least: int) -> list[ast.AST]:
    """Tuples, lists, sets and dict keys made only of `names` (at least `least` of them)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = node.keys
        else:
            continue
        words = [i.value for i in items if isinstance(i, ast.Constant)]
        if len(words) == len(items) >= least and set(words) <= names:
            found.append(node)
    return found


@pytest.mark.parametrize("what", ["kinds", "envelope"])
def test_no_list_of_kinds_or_envelope_names_is_kept_by_hand_outside_records(what):
    """A list of kinds ("learning-log", "goal", …) or of the envelope's names written out
    in another floor goes stale when a kind or a column is added: ask `records` instead."""
    from mentorkit.records import ENVELOPE, KINDS

    names, least = {
        "kinds": (set(KINDS), 2),
        "envelope": (set(ENVELOPE), 3),
    }[what]
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for name, path in modules().items()
        if not name.startswith("mentorkit.records")
        for node in _hand_kept_lists(ast.parse(path.read_text()), names, least)
    ]
    assert not found, "\n".join(found)
