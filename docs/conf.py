"""Sphinx configuration: the API reference from the numpydoc docstrings plus the Markdown guides.

Build with ``make docs`` (warnings are errors); the HTML lands in ``docs/_build/html``.
"""

from __future__ import annotations

from importlib.metadata import version as _version


project = "semisolid"
author = "semisolid developers"
copyright = "2026, semisolid developers (MIT licence)"
release = _version("semisolid")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "img/*.md"]
root_doc = "index"

autosummary_generate = True
autosummary_imported_members = False
# Package pages show their docstring; every object is documented once, on the page of the
# module that defines it (re-exports listed in a package's __all__ are not repeated).
autodoc_default_options = {"members": True, "ignore-module-all": True, "show-inheritance": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]

html_theme = "alabaster"
html_static_path: list[str] = []
