"""What goes into the catalog: the cell (:class:`CellInfo`, with the provenance of a final
area measured on a photograph, :class:`FinalAreaPhoto`), one analysis
(:class:`CatalogEntry`), and the two keys of a row: the file's SHA-256
(:func:`record_sha256`) and the hash of the analysis settings (:func:`analysis_key`).

Examples
--------
>>> CellInfo(electrode="K").final_area_photo is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["CatalogEntry", "CellInfo", "FinalAreaPhoto", "analysis_key", "record_sha256"]


@dataclass(frozen=True)
class FinalAreaPhoto:
    """Where a final electrode area measured on a photograph came from.

    Attributes
    ----------
    image : str
        The photograph's path.
    image_sha256 : str
        SHA-256 of its bytes.
    area_m2, area_uncertainty_m2 : float
        The area measured and its standard uncertainty.
    reference_m : float
        True size of the reference (the disc's diameter or the scale bar's length).
    reference_kind : str
        ``"disc"`` or ``"scale_bar"``.

    Examples
    --------
    >>> p = FinalAreaPhoto("cell.png", "ab" * 32, 0.45e-4, 0.01e-4, 12.7e-3, "disc")
    >>> p.to_dict()["final_area_uncertainty_cm2"]
    0.01
    """

    image: str
    image_sha256: str
    area_m2: float
    area_uncertainty_m2: float
    reference_m: float
    reference_kind: str

    def to_dict(self) -> dict[str, Any]:
        """The catalog's columns for it."""
        return {"final_area_uncertainty_cm2": float(self.area_uncertainty_m2) * 1e4,
                "final_area_image": self.image, "final_area_image_sha256": self.image_sha256,
                "final_area_reference_m": float(self.reference_m),
                "final_area_reference_kind": self.reference_kind}

    @classmethod
    def from_result(cls, res: Any) -> FinalAreaPhoto:
        """From a :class:`~semisolid.imaging.results.ElectrodeAreaResult`."""
        return cls(str(res.source), str(res.image_sha256), float(res.area_m2),
                   float(res.area_uncertainty_m2), float(res.reference.size_m),
                   str(res.reference.kind))


@dataclass
class CellInfo:
    """What the catalog records about a cell (SI units; all optional). A None keeps what
    the catalog already holds for the cell; ``cell_name`` defaults to the one the file's
    header states; ``final_area_photo`` records where the final area came from.

    Examples
    --------
    >>> CellInfo(electrode="K", electrolyte="KBA", temperature_K=295.15).electrode
    'K'
    """

    electrode: str | None = None
    electrolyte: str | None = None
    temperature_K: float | None = None
    stack_pressure_Pa: float | None = None
    cell_name: str | None = None
    final_area_photo: FinalAreaPhoto | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


@dataclass
class CatalogEntry:
    """One cell, its analysis result and the record analysed (for the hash and the path).

    Examples
    --------
    >>> CatalogEntry(CellInfo(), result=None, record=None).cell.electrode is None
    True
    """

    cell: CellInfo
    result: Any
    record: Any


def record_sha256(record: Any) -> str:
    """SHA-256 identifying a record: its own ``sha256`` attribute if it has one (the light
    record of a batch), the file's (metadata, else read from the source file), or, for
    generated data, a hash of its time, voltage and set-current arrays.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> r = CyclingData.from_arrays([0.0, 1.0], [0.1, -0.1], [1e-3, -1e-3])
    >>> len(record_sha256(r))
    64
    """
    if getattr(record, "sha256", None):
        return str(record.sha256)
    meta = getattr(record, "metadata", None)
    if meta is not None and getattr(meta, "sha256", None):
        return str(meta.sha256)
    src = getattr(meta, "source_file", None) if meta is not None else None
    if src and os.path.exists(src):
        from semisolid.io.data import file_sha256

        return file_sha256(src)
    h = hashlib.sha256()
    for name in ("time_s", "voltage_V", "set_current_A"):
        h.update(np.ascontiguousarray(getattr(record, name), dtype=float).tobytes())
    return h.hexdigest()


def analysis_key(result: Any) -> str:
    """Hash of the detector settings and the areas of a result (16 hex digits).

    Examples
    --------
    >>> class R:
    ...     settings = {"drop_fraction": 0.5}
    ...     segments = None
    >>> len(analysis_key(R()))
    16
    """
    seg = getattr(result, "segments", None)
    payload = {
        "settings": getattr(result, "settings", {}),
        "area_m2": None if seg is None else seg.area_m2,
        "final_area_m2": None if seg is None else seg.final_area_m2,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def header(record: Any) -> dict[str, Any]:
    """What the record's file header states (None where it does not)."""
    md = getattr(record, "metadata", None)
    area = getattr(md, "header_area_m2", None)
    extra = getattr(md, "extra", None) or {}
    name = getattr(md, "cell_name", None) or extra.get("cell_name")
    return {
        "header_electrode": getattr(md, "electrode", None),
        "header_electrolyte": getattr(md, "electrolyte", None),
        "cell_name": name,
        "start_time": getattr(md, "start_time", None),
        "instrument": getattr(md, "instrument", None),
        "header_area_cm2": None if area is None else float(area) * 1e4,
        "file_format": getattr(md, "format", None),
        "comments": getattr(md, "comments", None),
        "file_sha256": getattr(md, "sha256", None),
    }
