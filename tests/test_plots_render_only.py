"""semisolid.plots only draws: it imports no computing package, never switches the matplotlib
backend, and every plot function returns a Figure, taking ``ax=`` where it draws on one Axes."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import semisolid
import semisolid.plots

SRC = Path(semisolid.__file__).resolve().parent
# what plots/ may import from semisolid: helpers, errors, the paper's facts, itself
ALLOWED = ("semisolid._util", "semisolid.errors", "semisolid.paper", "semisolid.plots")
# plot functions that make their own figure of several Axes (no ax=)
OWN_FIGURE = {"plot_ccd_trace", "plot_design_map", "plot_ccd_by_family", "plot_virtual_cell"}


def _runtime_imports(path: Path) -> list[str]:
    out = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            return
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


def test_plots_import_no_computation():
    for path in sorted((SRC / "plots").glob("*.py")):
        bad = [m for m in _runtime_imports(path)
               if m.startswith("semisolid") and not m.startswith(ALLOWED)]
        assert bad == [], f"{path.name} imports {bad}"


@pytest.mark.slow
def test_no_backend_switch_anywhere():
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                f = node.func
                assert not (f.attr == "use" and getattr(f.value, "id", "") == "matplotlib"), \
                    f"{path}:{node.lineno} calls matplotlib.use"


@pytest.mark.slow
def test_no_pyplot_anywhere():
    users = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                   if "matplotlib.pyplot" in _runtime_imports(p))
    assert users == []


def test_plot_functions_take_ax_or_make_their_own_figure():
    found = set()
    for info in pkgutil.iter_modules(semisolid.plots.__path__):
        mod = importlib.import_module(f"semisolid.plots.{info.name}")
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if name.startswith("plot_") and fn.__module__ == mod.__name__:
                found.add(name)
                params = inspect.signature(fn).parameters
                assert ("ax" in params) != (name in OWN_FIGURE), name
    assert OWN_FIGURE <= found and len(found) >= 12
