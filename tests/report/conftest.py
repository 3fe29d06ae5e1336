"""Build the quick report once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quick_report_and_figures(tmp_path_factory):
    """``build_report(..., quick=True)`` in a temporary folder, and the matplotlib figures it
    rendered (in the order of ``numbers.json``'s ``figures``)."""
    from semisolid.report.figures import capture_figures
    from semisolid.report.reproduce import build_report

    out = tmp_path_factory.mktemp("report")
    with capture_figures() as figs:
        result = build_report(out, quick=True, show_progress=False)
    return result, figs


@pytest.fixture(scope="session")
def quick_report(quick_report_and_figures):
    """The result of ``build_report(..., quick=True)`` in a temporary folder."""
    return quick_report_and_figures[0]
