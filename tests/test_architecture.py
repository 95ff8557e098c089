"""The shape of the engine, read from its code: no module imports another in a loop, and the
core stages (core, load, validate, transform) reach neither the command line, the templates
nor a PDF engine. Every import counts, those inside functions too; only those under
``if TYPE_CHECKING:`` (never run) do not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "publisher"
#: the core stages: what `validate` runs (and each build worker runs again)
CORE_PACKAGES = ("publisher.core", "publisher.load", "publisher.validate", "publisher.transform")
#: what the core may not import, directly or through any publisher module it imports
FORBIDDEN = ("click", "jinja2", "typst", "pikepdf", "docx", "publisher.render",
             "publisher.site", "publisher.cli", "publisher.authoring")


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


def _guarded(tree: ast.AST) -> set[int]:
    """The nodes under `if TYPE_CHECKING:`."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skip.update(id(n) for sub in node.body for n in ast.walk(sub))
    return skip


def imports_of(name: str, path: Path, package: bool, modules) -> set[str]:
    """Every module `name` imports: publisher modules by full name, others by top name."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    skip = _guarded(tree)
    here = name.split(".") if package else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name if a.name in modules else a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                out.add(full if full in modules else
                        module if module in modules else module.split(".")[0])
    # importing `publisher.a.b` runs the package `publisher.a` first
    out.update(parent for target in list(out) for parent in _parents(target)
               if parent in modules)
    out.discard(name)
    out.difference_update(_parents(name))
    return out


def _parents(name: str) -> list[str]:
    """The packages above a module, below `publisher` itself."""
    parts = name.split(".")
    return [".".join(parts[:n]) for n in range(2, len(parts))]


CORE = sorted(name for name in _modules()
              if any(name == p or name.startswith(p + ".") for p in CORE_PACKAGES))


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: imports_of(name, path, package, modules)
            for name, (path, package) in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root] & graph.keys())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child] & graph.keys()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function(tmp_path):
    # the check itself can fail: two modules that import each other, one of them lazily
    (tmp_path / "a.py").write_text("from . import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from .a import g\n")
    modules = {"p.a": (tmp_path / "a.py", False), "p.b": (tmp_path / "b.py", False)}
    graph = {n: imports_of(n, p, k, modules) for n, (p, k) in modules.items()}
    assert graph == {"p.a": {"p.b"}, "p.b": {"p.a"}}
    assert cycles(graph) == [["p.a", "p.b"]]
    (tmp_path / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                   "    from .a import g\n")
    graph = {n: imports_of(n, p, k, modules) for n, (p, k) in modules.items()}
    assert cycles(graph) == []


def test_no_module_imports_another_in_a_loop(graph):
    assert cycles(graph) == []


def reached(graph: dict[str, set[str]], start: str) -> dict[str, str]:
    """Every module `start` imports, directly or not, with the module that imports it."""
    seen = {start: ""}
    todo = [start]
    while todo:
        current = todo.pop()
        for target in sorted(graph.get(current, ())):
            if target not in seen:
                seen[target] = current
                todo.append(target)
    return seen


@pytest.mark.parametrize("core", CORE)
def test_the_core_imports_no_cli_templates_or_pdf_engine(graph, core):
    seen = reached(graph, core)
    bad = sorted(f"{by} imports {target}" for target, by in seen.items()
                 if by and any(target == f or target.startswith(f + ".") for f in FORBIDDEN))
    assert bad == []


def test_the_core_check_sees_an_import_deep_down():
    graph = {"publisher.load.project": {"publisher.x"}, "publisher.x": {"publisher.y"},
             "publisher.y": {"jinja2"}}
    assert reached(graph, "publisher.load.project")["jinja2"] == "publisher.y"


def test_a_submodule_import_counts_its_package(tmp_path):
    # `from ..r import x` also runs r/__init__.py, so what that imports is reached too
    (tmp_path / "a.py").write_text("from .r.x import f\n")
    modules = {"p.q.a": (tmp_path / "a.py", False), "p.q.r": (tmp_path / "i.py", True),
               "p.q.r.x": (tmp_path / "x.py", False)}
    assert imports_of("p.q.a", tmp_path / "a.py", False, modules) == {"p.q.r.x", "p.q.r"}


def test_the_core_is_every_module_of_its_stages():
    assert {"publisher.core.model", "publisher.load.project", "publisher.validate.edition",
            "publisher.transform.passes"} <= set(CORE)
    assert not any(name.startswith(("publisher.render", "publisher.cli")) for name in CORE)


def test_only_the_entry_point_imports_the_command_line(graph):
    # the command line sits on top: a stage that needs one of its helpers takes it from below
    users = sorted(name for name, targets in graph.items()
                   if not name.startswith(("publisher.cli", "publisher.__main__"))
                   and any(t == "publisher.cli" or t.startswith("publisher.cli.")
                           for t in targets))
    assert users == []


def test_core_stands_on_nothing_of_publisher_above_it(graph):
    # core/ is the ground floor: the model, diagnostics, the store, pandoc, positions
    above = sorted(f"{name} imports {target}" for name, targets in graph.items()
                   if name.startswith("publisher.core.")
                   for target in targets
                   if target.startswith("publisher.") and not target.startswith("publisher.core"))
    assert above == []
