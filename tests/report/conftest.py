"""Build the quick report once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quick_report(tmp_path_factory):
    """The result of ``build_report(..., quick=True)`` in a temporary folder."""
    from semisolid.report.reproduce import build_report

    out = tmp_path_factory.mktemp("report")
    return build_report(out, quick=True, show_progress=False)
