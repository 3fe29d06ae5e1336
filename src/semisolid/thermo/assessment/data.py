"""The data table of the assessment (``assessment_data.csv``): one datum per row.

Each row names its source (a key defined in the file's comment header) and where in the
source the number stands. ``role`` says how the row is used: ``fit`` (a measurement the fit
uses), ``check`` (a measurement that is computed and reported but not fitted) or
``prediction`` (a number the paper computed with its own database: never fitted, compared
with what this assessment predicts).

Examples
--------
>>> rows = read_data()
>>> sorted({d.role for d in rows})
['check', 'fit', 'prediction']
>>> "DHP1975" in read_sources()
True
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from semisolid.errors import FileFormatError

__all__ = ["DATA_COLUMNS", "KINDS", "ROLES", "Datum", "data_path", "read_data", "read_sources"]

DATA_COLUMNS = ("id", "system", "kind", "phases", "temperature_K", "element", "x", "value",
                "uncertainty", "constraint", "unit", "role", "source", "where", "note")
KINDS = ("melting_T", "invariant_T", "invariant_x", "critical_T", "critical_x",
         "solidus_slope", "phase_boundary_x", "liquid_fraction", "solubility_ratio",
         "solubility_max", "consolute_T")
ROLES = ("fit", "check", "prediction")


@dataclass(frozen=True)
class Datum:
    """One row of the data table (see the file header for the meaning of each field)."""

    id: str
    system: str
    kind: str
    phases: str
    temperature_K: float | None
    element: str
    x: float | None
    value: float
    uncertainty: float
    constraint: str
    unit: str
    role: str
    source: str
    where: str
    note: str

    @property
    def measure(self) -> str:
        """Key of the computed quantity this row compares with (rows of the same quantity
        from two sources share it: ``LiNa_critical_T_JET2019`` -> ``LiNa_critical_T``)."""
        for suffix in ("_JET2019", "_NaK77"):
            if self.id.endswith(suffix):
                return self.id[: -len(suffix)]
        return self.id


def data_path() -> Path:
    """Path of the shipped data table.

    Examples
    --------
    >>> data_path().name
    'assessment_data.csv'
    """
    return Path(str(files("semisolid.thermo") / "data" / "assessment_data.csv"))


def read_sources(path: str | Path | None = None) -> dict[str, str]:
    """``{key: full reference}`` from the ``#   key = reference`` header lines.

    Examples
    --------
    >>> read_sources()["DHP1975"].split(",")[0]
    'M.G. Down'
    """
    path = Path(path or data_path())
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s+(\w+) = (.+)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def _float(text: str, path: Path, line: int, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FileFormatError(str(path), f"column {column!r}: {text!r} is not a number",
                              line=line) from None
    if not math.isfinite(value):
        raise FileFormatError(str(path), f"column {column!r}: {text!r} is not finite", line=line)
    return value


def read_data(path: str | Path | None = None) -> list[Datum]:
    """Read and check the data table (comment lines start with ``#``).

    Raises
    ------
    FileFormatError
        Wrong columns, a non-number, an unknown kind/role/constraint or an undefined source.

    Examples
    --------
    >>> d = next(r for r in read_data() if r.id == "LiNa_monotectic_T")
    >>> d.value, d.source, d.role
    (443.9, 'DHP1975', 'fit')
    """
    path = Path(path or data_path())
    sources = read_sources(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in body)
    if tuple(reader.fieldnames or ()) != DATA_COLUMNS:
        raise FileFormatError(str(path), f"columns {reader.fieldnames}, expected {DATA_COLUMNS}",
                              line=body[0][0] if body else None)
    rows = []
    for (lineno, _), row in zip(body[1:], reader, strict=False):
        def num(col, row=row, lineno=lineno):
            return _float(row[col], path, lineno, col) if row[col] else None

        for col, allowed in (("kind", KINDS), ("role", ROLES),
                             ("constraint", ("equal", "min", "max"))):
            if row[col] not in allowed:
                raise FileFormatError(str(path), f"column {col!r}: {row[col]!r} is not one of "
                                      f"{', '.join(allowed)}", line=lineno)
        for part in row["source"].split(";"):
            if part.strip() not in sources:
                raise FileFormatError(str(path), f"source {part.strip()!r} is not defined in "
                                      "the header", line=lineno)
        rows.append(Datum(
            id=row["id"], system=row["system"], kind=row["kind"], phases=row["phases"],
            temperature_K=num("temperature_K"), element=row["element"], x=num("x"),
            value=num("value"), uncertainty=num("uncertainty"), constraint=row["constraint"],
            unit=row["unit"], role=row["role"], source=row["source"], where=row["where"],
            note=row["note"]))
    return rows
