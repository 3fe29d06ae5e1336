"""Sweeps on Dask: design maps, virtual-cell Monte Carlo and batch file analysis as task
graphs over chunks, giving the serial path's results.

* :func:`design_map` / :func:`write_design_map`: :func:`semisolid.electrode.maps.design_map`
  (binary and ternary) in chunks of its grid (``semisolid sweep design``);
* :func:`virtual_cells`: N virtual cells per preset through the CCD detector
  (``semisolid sweep cells``; :func:`virtual_cells_serial` is the serial path);
* :func:`analyse_files`: :func:`semisolid.ccd.analysis.analyse_files` over chunks of files,
  optionally into a results catalog (``semisolid sweep files DIR --db URL``).

Each returns a :class:`SweepResult`: ``data`` (the serial path's Dataset or DataFrame),
``failed`` (chunks that failed twice: a failed chunk is retried once, then reported, never
dropped), and how the sweep ran. By default a sweep starts a local cluster with one worker
process per core and closes it at the end; ``scheduler=ADDRESS`` uses a running one
(:mod:`semisolid.sweep.cluster`). Dask is the optional extra ``pip install
semisolid[dask]``; this package imports without it and says so when a sweep starts.

Examples
--------
>>> from semisolid.sweep import DASK_EXTRA, virtual_cells_serial
>>> DASK_EXTRA
'pip install semisolid[dask]'
"""

from __future__ import annotations

from semisolid.sweep.cells import cell_specs, virtual_cells, virtual_cells_serial
from semisolid.sweep.cluster import DASK_EXTRA, require_dask, run_chunks
from semisolid.sweep.design import design_map, write_design_map
from semisolid.sweep.files import analyse_files, find_files
from semisolid.sweep.result import FailedChunk, SweepResult

__all__ = [
    "DASK_EXTRA",
    "FailedChunk",
    "SweepResult",
    "analyse_files",
    "cell_specs",
    "design_map",
    "find_files",
    "require_dask",
    "run_chunks",
    "virtual_cells",
    "virtual_cells_serial",
    "write_design_map",
]
