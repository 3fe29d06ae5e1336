"""Critical-current-density analysis of stepwise galvanostatic symmetric-cell tests.

* :func:`segment` (:mod:`semisolid.ccd.protocol`): half cycles, current steps, current
  density from an explicit area, areal capacity, polarization and ASR;
* :func:`detect` (:mod:`semisolid.ccd.detect`): hard/soft shorts and open-circuit (void)
  failure with named thresholds (:class:`DetectorSettings`), giving a :class:`CCDResult`;
* :mod:`semisolid.ccd.catalog`: the SQLite results catalog;
* :func:`analyse_files`, :func:`catalog_contents`, :func:`ccd_statistics`
  (:mod:`semisolid.ccd.analysis`): the workflows of ``semisolid ccd``, ``cells`` and ``stats``.

Examples
--------
>>> from semisolid.ccd import DetectorSettings
>>> DetectorSettings().drop_fraction
0.5
"""

from semisolid.ccd.analysis import (
    CatalogContents,
    CCDStatistics,
    FileAnalysis,
    analyse_files,
    catalog_contents,
    ccd_statistics,
)
from semisolid.ccd.detect import DetectorSettings, detect
from semisolid.ccd.protocol import Segmentation, segment
from semisolid.ccd.result import CCDResult, ShortEvent

__all__ = [
    "CCDResult",
    "CCDStatistics",
    "CatalogContents",
    "DetectorSettings",
    "FileAnalysis",
    "Segmentation",
    "ShortEvent",
    "analyse_files",
    "catalog_contents",
    "ccd_statistics",
    "detect",
    "segment",
]
