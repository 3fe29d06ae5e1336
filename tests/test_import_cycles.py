"""No import cycles in semisolid: every ``import`` statement of every module under
src/semisolid, at module level or inside a function (those run too, only later), makes an
edge; the graph must have no strongly connected component with more than one module.
Imports under ``if TYPE_CHECKING:`` are for type checkers only and are left out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import semisolid

SRC = Path(semisolid.__file__).resolve().parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    out: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for a in node.names:
                out.add(a.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.add(target)
            for a in node.names:              # "from pkg import submodule"
                if f"{target}.{a.name}" in known:
                    out.add(f"{target}.{a.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in out if m in known and m != module}


def import_graph() -> dict[str, set[str]]:
    """Module -> the semisolid modules it imports."""
    files = sorted(SRC.rglob("*.py"))
    names = {_module_name(f): f for f in files}
    known = set(names)
    return {m: _imports(ast.parse(f.read_text(encoding="utf-8")), m, f.name == "__init__.py",
                        known) for m, f in names.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


@pytest.mark.slow
def test_the_scan_sees_every_module_and_finds_a_cycle_when_there_is_one(graph):
    on_disk = {p for p in SRC.rglob("*.py")}
    assert len(graph) == len(on_disk) > 90
    assert "semisolid.report.sections.thermo" in graph["semisolid.report.sections"]
    assert "semisolid.paper" in graph["semisolid.models.flow_ccd"]   # a function-level import
    # the detector itself: a planted two-module cycle is found
    planted = {k: set(v) for k, v in graph.items()}
    planted["semisolid.paper"].add("semisolid.report.model")
    assert ["semisolid.paper", "semisolid.report.model"] in cycles(planted)


@pytest.mark.slow
def test_no_import_cycles(graph):
    assert cycles(graph) == []
