"""Critical-current-density analysis of symmetric-cell tests (stepwise galvanostatic,
constant current, current ramp).

* :func:`segment` (:mod:`semisolid.ccd.protocol`): protocol recognition, half cycles,
  current steps, current density from an explicit area, areal capacity, polarization, ASR;
* :func:`detect` (:mod:`semisolid.ccd.detect`, per-segment rules in
  :mod:`semisolid.ccd.scan`): hard, in-half-cycle and progressive shorts, soft-short
  events, stripping voids and open circuit with named thresholds
  (:class:`DetectorSettings`), giving a :class:`CCDResult` with the plausibility warnings of
  :mod:`semisolid.ccd.checks`;
* :mod:`semisolid.ccd.catalog`: the SQLite results catalog (schema 2);
* :func:`analyse_files`, :func:`analyse_batch`, :func:`catalog_contents`,
  :func:`ccd_statistics` (:mod:`semisolid.ccd.analysis`): the workflows of
  ``semisolid ccd``, ``cells`` and ``stats``.

Examples
--------
>>> from semisolid.ccd import DetectorSettings
>>> DetectorSettings().drop_fraction
0.5
"""

from semisolid.ccd.analysis import (
    Batch,
    CatalogContents,
    CCDStatistics,
    FileAnalysis,
    analyse_batch,
    analyse_files,
    catalog_contents,
    ccd_statistics,
)
from semisolid.ccd.detect import DetectorSettings, detect
from semisolid.ccd.protocol import Segmentation, segment
from semisolid.ccd.result import CCDResult, ShortEvent

__all__ = [
    "Batch",
    "CCDResult",
    "CCDStatistics",
    "CatalogContents",
    "DetectorSettings",
    "FileAnalysis",
    "Segmentation",
    "ShortEvent",
    "analyse_batch",
    "analyse_files",
    "catalog_contents",
    "ccd_statistics",
    "detect",
    "segment",
]
