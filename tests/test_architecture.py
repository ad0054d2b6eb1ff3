"""The shape of the package: no import cycle, no function over 80 lines.

Both are read from the source with :mod:`ast`, so that they hold whatever a run imports:

- the import graph has an edge ``a -> b`` for every ``import busplanner.b`` /
  ``from busplanner.b import x`` / ``from . import b`` in module ``a``, at module level or
  inside a function, except under ``if TYPE_CHECKING:`` (an import for the type checker
  only, never run). ``from busplanner.pkg import mod`` where ``mod`` is a module of the
  package is an edge to that module (importing it runs the package's ``__init__`` too, but a
  package that imports its own modules is not a loop). Any strongly connected set of modules
  is a cycle, named with one loop through it;
- a function or method is at most ``MAX_LINES`` lines long, from ``def`` to its last line
  (decorators not counted). The message catalogue (``messages.py``'s table) is data, not a
  function, and holds no function.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "busplanner"
MAX_LINES = 80


def modules(package: Path) -> dict[str, tuple[Path, bool]]:
    """Every module of ``package`` by dotted name: its file and whether it is a package."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out[".".join(parts)] = (path, is_package)
    return out


def _type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under ``node`` except what an ``if TYPE_CHECKING:`` holds (its ``else``
    runs, so it is kept)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child.test):
            for kept in child.orelse:
                yield kept
                yield from _run_time_nodes(kept)
            continue
        yield child
        yield from _run_time_nodes(child)


def _imported(
    node: ast.AST, name: str, is_package: bool, known: Mapping[str, object]
) -> Iterator[str]:
    """The ``busplanner`` modules an import statement names (nothing for other nodes)."""
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            here = name.split(".") if is_package else name.split(".")[:-1]
            base = here[: len(here) - (node.level - 1)]
            module = ".".join([*base, *([node.module] if node.module else [])])
        else:
            module = node.module or ""
        for alias in node.names:
            sub = f"{module}.{alias.name}"
            yield sub if sub in known else module


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports at run time (see the docstring)."""
    known = modules(package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = {
            target
            for node in _run_time_nodes(tree)
            for target in _imported(node, name, is_package, known)
        }
        graph[name] = {t for t in targets if t in known and t != name}
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Each set of modules that import one another (Tarjan's strongly connected
    components of more than one module), as one loop through it: ``[a, b, …, a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(_loop(graph, component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _loop(graph: Mapping[str, set[str]], component: set[str]) -> list[str]:
    """A shortest loop through the component's first module (breadth first)."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & component):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    raise AssertionError(component)  # pragma: no cover - a component always has a loop


def long_functions(package: Path, limit: int = MAX_LINES) -> list[str]:
    """``file:line name (N lines)`` for every function or method longer than ``limit``."""
    out = []
    for path, _ in modules(package).values():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    where = path.relative_to(package.parent)
                    out.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return sorted(out)


def test_no_import_cycle() -> None:
    found = cycles(import_graph(PACKAGE))
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_no_function_over_the_limit() -> None:
    found = long_functions(PACKAGE)
    assert not found, f"functions over {MAX_LINES} lines:\n" + "\n".join(found)


# The checks themselves, on small packages written here: each fails where it should.


def _package(root: Path, files: Mapping[str, str]) -> Path:
    package = root / "busplanner"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # Two modules importing each other at the top.
        (
            {
                "__init__.py": "",
                "a.py": "import busplanner.b\n",
                "b.py": "from busplanner import a\n",
            },
            [["busplanner.a", "busplanner.b", "busplanner.a"]],
        ),
        # A loop of three, one import inside a function, one relative.
        (
            {
                "__init__.py": "",
                "a.py": "def f():\n    from busplanner.b import x\n",
                "b.py": "from .c import y\nx = 1\n",
                "c.py": "from busplanner import a\ny = 2\n",
            },
            [["busplanner.a", "busplanner.b", "busplanner.c", "busplanner.a"]],
        ),
        # Inside a sub-package: `from . import` of a sibling, `from .. import` of the top.
        (
            {
                "__init__.py": "",
                "top.py": "from busplanner.sub.low import z\n",
                "sub/__init__.py": "",
                "sub/low.py": "from .. import top\nz = 0\n",
            },
            [["busplanner.sub.low", "busplanner.top", "busplanner.sub.low"]],
        ),
    ],
)
def test_a_cycle_is_found_and_named(
    tmp_path: Path, files: Mapping[str, str], expected: list[list[str]]
) -> None:
    assert cycles(import_graph(_package(tmp_path, files))) == expected


def test_type_only_imports_and_a_package_importing_its_modules_are_no_cycle(
    tmp_path: Path,
) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "timing.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from busplanner.problem import P\n"
                "def time_route(): ...\n"
            ),
            "problem.py": "from busplanner.timing import time_route\nclass P: ...\n",
            # A package whose __init__ imports its modules, which import one another.
            "solver/__init__.py": "from busplanner.solver.days import d\n",
            "solver/days.py": "from busplanner.solver.records import r\nd = 1\n",
            "solver/records.py": "r = 0\n",
        },
    )
    assert cycles(import_graph(package)) == []
    # The same import outside `if TYPE_CHECKING:` is a cycle.
    (package / "timing.py").write_text("from busplanner.problem import P\n", encoding="utf-8")
    assert cycles(import_graph(package)) == [
        ["busplanner.problem", "busplanner.timing", "busplanner.problem"]
    ]


def test_a_long_function_is_found(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES - 1))
    method_body = "".join(f"        x{i} = {i}\n" for i in range(MAX_LINES))
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            # def + 79 lines: at the limit; a decorator is not counted.
            "ok.py": f"import functools\n@functools.cache\ndef fits():\n{body}",
            # def + 80 lines, in a class: one over.
            "long.py": f"class C:\n    def over(self):\n{method_body}",
        },
    )
    assert long_functions(package) == ["busplanner/long.py:2 over (81 lines)"]
