"""The one data format per concept: :class:`CyclingData` and :class:`Spectrum` / :class:`Spectra`.

Every reader in :mod:`semisolid.io` and the virtual cell in :mod:`semisolid.models`
produce these, and the CCD and EIS analyses consume them. SI units inside: seconds,
volts, amperes, coulombs, hertz, ohms.

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import CyclingData
>>> d = CyclingData.from_arrays(
...     time_s=np.arange(6.0), voltage_V=[0.1, 0.1, -0.1, -0.1, 0.0, 0.1],
...     set_current_A=[1e-3, 1e-3, -1e-3, -1e-3, 0.0, 1e-3])
>>> d.half_cycle.tolist()
[0, 0, 1, 1, -1, 2]
>>> round(float(d.charge_C[1]), 6)   # 1 mA for 1 s
0.001
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import InputError

__all__ = [
    "CyclingData",
    "CyclingMetadata",
    "ReaderMetadata",
    "Spectra",
    "Spectrum",
    "cumulative_charge",
    "file_sha256",
    "half_cycles_from_set_current",
]


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, hex.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> file_sha256(f.name)[:16]
    'ba7816bf8f01cfea'
    >>> os.remove(f.name)
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def half_cycles_from_set_current(set_current_A: np.ndarray, rel_tol: float = 1e-9) -> np.ndarray:
    """Half-cycle index from sign changes of the set current.

    Rows with a non-zero set current belong to half cycle 0, 1, 2, ...; the index
    increases at each change of sign between consecutive non-zero rows (rests in between do
    not break a half cycle unless the sign changes). Rows with zero or NaN set current
    (rest, OCV, EIS) get ``-1``. File counters (EC-Lab ``half cycle``) skip numbers, so this
    is the index to segment on.

    Parameters
    ----------
    set_current_A : array_like
        Set-point current [A]; NaN or 0 where the instrument is not galvanostatic.
    rel_tol : float
        Currents with ``|I| <= rel_tol * max|I|`` count as zero.

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> half_cycles_from_set_current(np.array([0, 1, 1, 0, 1, -1, -2, 0, 2.0])).tolist()
    [-1, 0, 0, -1, 0, 1, 1, -1, 2]
    """
    i = np.asarray(set_current_A, dtype=float)
    out = np.full(i.shape, -1, dtype=np.int64)
    if i.size == 0:
        return out
    finite = np.isfinite(i)
    scale = np.max(np.abs(i[finite])) if finite.any() else 0.0
    active = finite & (np.abs(np.where(finite, i, 0.0)) > rel_tol * scale) & (scale > 0)
    idx = np.flatnonzero(active)
    if idx.size == 0:
        return out
    signs = np.sign(i[idx])
    hc = np.concatenate([[0], np.cumsum(signs[1:] != signs[:-1])])
    out[idx] = hc
    return out


def cumulative_charge(time_s: np.ndarray, current_A: np.ndarray) -> np.ndarray:
    """Cumulative charge [C] by trapezoidal integration of the current (NaN counted as 0).

    Examples
    --------
    >>> cumulative_charge(np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 1.0])).tolist()
    [0.0, 1.0, 2.0]
    """
    t = np.asarray(time_s, dtype=float)
    i = np.nan_to_num(np.asarray(current_A, dtype=float))
    if t.size < 2:
        return np.zeros_like(t)
    inc = 0.5 * (i[1:] + i[:-1]) * np.diff(t)
    return np.concatenate([[0.0], np.cumsum(inc)])


@dataclass
class ReaderMetadata:
    """What a reader found out about a file besides its rows: provenance and header facts.

    Every reader fills one and hands it to :func:`semisolid.io.assemble.assemble`, which
    adds what the rows tell (which column gave the voltage, the currents, the observed
    sequences); the record keeps it as ``CyclingData.metadata`` and ``Spectra.metadata``.
    Facts the file does not state are None (never guessed).

    Attributes
    ----------
    source_file : str or None
        Path of the file read (None for generated data).
    sha256 : str or None
        Hash of that file.
    format : str
        Reader name (``"biologic-mpr"``, ``"biologic-mpt"``, ``"csv"``, ``"gamry-dta"``,
        ``"virtual-cell"``).
    instrument : str or None
        The instrument or program that wrote the file, as far as the file says (an
        ``.mpt`` header's ``Device``, e.g. ``"SP-150 (SN 10791079)"``; else
        ``"Bio-Logic EC-Lab"``, ``"Gamry Framework"``, ``"semisolid virtual cell"``).
    techniques : list of str
        Techniques in the file, in order (``"GCPL"``, ``"PEIS"``, ...).
    start_time : str or None
        Acquisition start, ISO 8601.
    header_area_m2 : float or None
        Electrode area written in the file header, converted to m2. **Unreliable**: EC-Lab
        headers often hold a placeholder (0.001 cm2); always pass the real area explicitly.
    header_area_text : str or None
        The header's area as written, with its unit.
    header_area_reliable : bool
        True only where the area is known to be the real one (generated data).
    electrode, electrolyte : str or None
        The electrode material and electrolyte where the file states them.
    comments : str or None
        The file's comment text.
    columns : dict
        Original column name -> unit, as found in the file.
    technique_parameters : list of dict
        The settings: per-sequence technique parameters (set currents, durations, limits),
        each with a ``"source"``: ``"header"``, ``"settings module"`` (programmed) or
        ``"data (observed, not the programmed settings)"``.
    warnings : list of str
        Problems found while reading that did not stop it.
    extra : dict
        Anything else, format-specific (``set_current_source``, ``voltage_source``,
        ``current_source`` of every read; the CSV column ``mapping``; the ``.mpr``
        ``modules`` and ``settings_module``; the truth of a virtual cell, ...).

    Examples
    --------
    >>> md = ReaderMetadata(format="csv", techniques=["GCPL"],
    ...                     warnings=["x.csv: 2 empty field(s) read as NaN"])
    >>> md.to_dict()["format"], md.header_area_m2, md.header_area_reliable, md.electrode
    ('csv', None, False, None)
    """

    source_file: str | None = None
    sha256: str | None = None
    format: str = "unknown"
    techniques: list[str] = field(default_factory=list)
    start_time: str | None = None
    header_area_m2: float | None = None
    header_area_text: str | None = None
    header_area_reliable: bool = False
    columns: dict[str, str] = field(default_factory=dict)
    technique_parameters: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    instrument: str | None = None
    electrode: str | None = None
    electrolyte: str | None = None
    comments: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-serialisable where the values are)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def hash_later(self, data: bytes) -> None:
        """Make ``sha256`` the hash of `data`, computed when first read (a reader that only
        needs the columns does not pay for hashing the file).

        Examples
        --------
        >>> md = ReaderMetadata()
        >>> md.hash_later(b"abc")
        >>> md.sha256[:16]
        'ba7816bf8f01cfea'
        """
        self.__dict__["_sha256"] = None
        self.__dict__["_sha256_of"] = data

    def observed_later(self, factory: Any) -> None:
        """Insert ``factory()`` into ``technique_parameters`` after the entries present
        now, when the list is first read.

        Examples
        --------
        >>> md = ReaderMetadata(technique_parameters=[{"source": "header"}])
        >>> md.observed_later(lambda: [{"source": "data"}])
        >>> md.add_parameters([{"source": "settings module"}])
        >>> [p["source"] for p in md.technique_parameters]
        ['header', 'data', 'settings module']
        """
        self.__dict__["_observed"] = (len(self.__dict__["_technique_parameters"]), factory)

    def add_parameters(self, entries: list[dict[str, Any]]) -> None:
        """Append entries to ``technique_parameters`` after the observed ones (see
        :meth:`observed_later`), without computing those yet."""
        self.__dict__["_technique_parameters"].extend(entries)


def _lazy_sha256(self: ReaderMetadata) -> str | None:
    d = self.__dict__
    if d.get("_sha256") is None and d.get("_sha256_of") is not None:
        d["_sha256"] = hashlib.sha256(d.pop("_sha256_of")).hexdigest()
    return d.get("_sha256")


def _set_sha256(self: ReaderMetadata, value: str | None) -> None:
    self.__dict__["_sha256"] = value
    self.__dict__.pop("_sha256_of", None)


def _lazy_parameters(self: ReaderMetadata) -> list[dict[str, Any]]:
    d = self.__dict__
    pending = d.pop("_observed", None)
    if pending is not None:
        at, factory = pending
        d["_technique_parameters"][at:at] = factory()
    return d["_technique_parameters"]


def _set_parameters(self: ReaderMetadata, value: list[dict[str, Any]]) -> None:
    self.__dict__.pop("_observed", None)
    self.__dict__["_technique_parameters"] = list(value)


# sha256 and technique_parameters stay dataclass fields (constructor, to_dict) but are
# computed on first access: hashing a 2.5 MB file costs more than decoding it
ReaderMetadata.sha256 = property(_lazy_sha256, _set_sha256)  # type: ignore[assignment]
ReaderMetadata.technique_parameters = property(  # type: ignore[assignment]
    _lazy_parameters, _set_parameters)

CyclingMetadata = ReaderMetadata
"""The metadata of a :class:`CyclingData`: the same type as :class:`ReaderMetadata` (the
name it had first)."""


@dataclass
class Spectrum:
    """One impedance spectrum.

    Attributes
    ----------
    frequency_Hz : numpy.ndarray
        Frequencies, > 0.
    impedance_Ohm : numpy.ndarray of complex
        Z = Z' + i Z'' (Z'' is negative for capacitive behaviour).
    index : int
        Position of the spectrum in its file (0-based).
    sequence : int or None
        Technique sequence number (EC-Lab ``Ns``).
    cycle : int or None
        Loop / cycle counter of the file.
    time_s : float or None
        Time of the first point, on the file's time axis.
    after_half_cycle : int or None
        Index of the last half cycle that ended before this spectrum (None if none).
    notes : list of str
        What was done to the raw rows (e.g. rows with frequency <= 0 dropped).

    Examples
    --------
    >>> s = Spectrum(frequency_Hz=np.array([1e3, 1.0]), impedance_Ohm=np.array([10 - 1j, 12 - 5j]))
    >>> s.real_Ohm.tolist(), s.minus_imag_Ohm.tolist()
    ([10.0, 12.0], [1.0, 5.0])
    """

    frequency_Hz: np.ndarray
    impedance_Ohm: np.ndarray
    index: int = 0
    sequence: int | None = None
    cycle: int | None = None
    time_s: float | None = None
    after_half_cycle: int | None = None
    notes: list[str] = field(default_factory=list)
    source_file: str | None = None

    def __post_init__(self) -> None:
        self.frequency_Hz = np.asarray(self.frequency_Hz, dtype=float)
        self.impedance_Ohm = np.asarray(self.impedance_Ohm, dtype=complex)
        if self.frequency_Hz.shape != self.impedance_Ohm.shape or self.frequency_Hz.ndim != 1:
            raise InputError(
                f"frequency ({self.frequency_Hz.shape}) and impedance "
                f"({self.impedance_Ohm.shape}) must be 1-D arrays of the same length",
                "Spectrum",
            )

    @property
    def real_Ohm(self) -> np.ndarray:
        """Z' [Ohm]."""
        return self.impedance_Ohm.real

    @property
    def minus_imag_Ohm(self) -> np.ndarray:
        """-Z'' [Ohm] (positive for capacitive arcs, as in a Nyquist plot)."""
        return -self.impedance_Ohm.imag

    @property
    def modulus_Ohm(self) -> np.ndarray:
        """Modulus ``|Z|`` [Ohm]."""
        return np.abs(self.impedance_Ohm)

    @property
    def phase_deg(self) -> np.ndarray:
        """Phase of Z [degrees] (negative for capacitive behaviour)."""
        return np.degrees(np.angle(self.impedance_Ohm))

    def __len__(self) -> int:
        return int(self.frequency_Hz.size)

    def to_frame(self):
        """The spectrum as a pandas DataFrame with unit-named columns."""
        import pandas as pd

        return pd.DataFrame(
            {
                "spectrum": self.index,
                "frequency_Hz": self.frequency_Hz,
                "z_real_Ohm": self.real_Ohm,
                "z_imag_Ohm": self.impedance_Ohm.imag,
                "z_modulus_Ohm": self.modulus_Ohm,
                "z_phase_deg": self.phase_deg,
            }
        )


@dataclass
class Spectra(Sequence):
    """The impedance spectra of one file or cell, in time order.

    Examples
    --------
    >>> s = Spectrum(np.array([1.0]), np.array([5 + 0j]))
    >>> len(Spectra([s, s]))
    2

    Attributes
    ----------
    spectra : list of Spectrum
    source_file : str or None
    notes : list of str
        What was done to the rows (rows with frequency <= 0 dropped, ...).
    metadata : ReaderMetadata or None
        The file's metadata (the same object as the record's), where a reader made them.
    """

    spectra: list[Spectrum] = field(default_factory=list)
    source_file: str | None = None
    notes: list[str] = field(default_factory=list)
    metadata: ReaderMetadata | None = None

    def __getitem__(self, i):  # type: ignore[override]
        return self.spectra[i]

    def __len__(self) -> int:
        return len(self.spectra)

    def __iter__(self) -> Iterator[Spectrum]:
        return iter(self.spectra)

    def to_frame(self):
        """All spectra in one long DataFrame (column ``spectrum`` tells them apart)."""
        import pandas as pd

        if not self.spectra:
            return pd.DataFrame(
                columns=["spectrum", "frequency_Hz", "z_real_Ohm", "z_imag_Ohm",
                         "z_modulus_Ohm", "z_phase_deg"]
            )
        return pd.concat([s.to_frame() for s in self.spectra], ignore_index=True)


@dataclass
class CyclingData:
    """A galvanostatic (or mixed) cycling record in SI units.

    Build with :meth:`from_arrays`; the half-cycle index and the cumulative charge are derived
    from the set current (and the measured current) on first access.

    Attributes
    ----------
    time_s : numpy.ndarray
        Time since the start of the record [s].
    voltage_V : numpy.ndarray
        Cell voltage (Ewe or Ewe-Ece for a two-electrode cell) [V].
    set_current_A : numpy.ndarray
        Set-point current [A]; 0 during rests and OCV, NaN where unknown.
    current_A : numpy.ndarray or None
        Measured current [A] where the file records it.
    step_index : numpy.ndarray of int
        Technique sequence / step index (EC-Lab ``Ns``); 0 when the file has none.
    half_cycle : numpy.ndarray of int
        From :func:`half_cycles_from_set_current` (-1 for rest rows).
    charge_C : numpy.ndarray
        Cumulative charge [C], integrated from the measured current if recorded, else from
        the set current.
    metadata : ReaderMetadata
    spectra : Spectra
        Impedance spectra found in the same record (interleaved EIS), split one per sequence.
    extra : dict of str -> numpy.ndarray
        Other columns kept as read (name with unit as in the file).

    Examples
    --------
    Two half cycles of 1 mA for 2 s each with a rest between:

    >>> d = CyclingData.from_arrays(
    ...     time_s=[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    ...     voltage_V=[0.02, 0.02, 0.02, 0.0, -0.02, -0.02, -0.02],
    ...     set_current_A=[1e-3, 1e-3, 1e-3, 0.0, -1e-3, -1e-3, -1e-3])
    >>> len(d), d.n_half_cycles, d.half_cycle.tolist()
    (7, 2, [0, 0, 0, -1, 1, 1, 1])
    >>> [round(float(q) * 1e3, 3) for q in d.charge_C]   # mC
    [0.0, 1.0, 2.0, 2.5, 2.0, 1.0, 0.0]
    >>> d.to_frame().columns.tolist()
    ['time_s', 'voltage_V', 'set_current_A', 'step_index', 'half_cycle', 'charge_C']
    """

    time_s: np.ndarray
    voltage_V: np.ndarray
    set_current_A: np.ndarray
    current_A: np.ndarray | None
    step_index: np.ndarray
    half_cycle: np.ndarray
    charge_C: np.ndarray
    metadata: ReaderMetadata = field(default_factory=ReaderMetadata)
    spectra: Spectra = field(default_factory=Spectra)
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_arrays(
        cls,
        time_s: Sequence[float] | np.ndarray,
        voltage_V: Sequence[float] | np.ndarray,
        set_current_A: Sequence[float] | np.ndarray,
        current_A: Sequence[float] | np.ndarray | None = None,
        step_index: Sequence[int] | np.ndarray | None = None,
        metadata: ReaderMetadata | None = None,
        spectra: Spectra | None = None,
        extra: dict[str, np.ndarray] | None = None,
    ) -> CyclingData:
        """Build a record; ``half_cycle`` and ``charge_C`` are derived on first access.

        Raises
        ------
        InputError
            If the arrays differ in length or are not 1-D.
        """
        t = np.asarray(time_s, dtype=float)
        v = np.asarray(voltage_V, dtype=float)
        iset = np.asarray(set_current_A, dtype=float)
        imeas = None if current_A is None else np.asarray(current_A, dtype=float)
        n = t.size
        names = {"time_s": t, "voltage_V": v, "set_current_A": iset}
        if imeas is not None:
            names["current_A"] = imeas
        for name, arr in names.items():
            if arr.ndim != 1 or arr.size != n:
                raise InputError(
                    f"must be a 1-D array of the same length as time_s ({n}), got shape "
                    f"{arr.shape}",
                    name,
                )
        steps = (
            np.zeros(n, dtype=np.int64)
            if step_index is None
            else np.asarray(step_index, dtype=np.int64)
        )
        if steps.shape != (n,):
            raise InputError(f"must have length {n}, got shape {steps.shape}", "step_index")
        return cls(
            time_s=t,
            voltage_V=v,
            set_current_A=iset,
            current_A=imeas,
            step_index=steps,
            half_cycle=None,  # type: ignore[arg-type]  # derived on first access
            charge_C=None,  # type: ignore[arg-type]
            metadata=metadata or ReaderMetadata(),
            spectra=spectra or Spectra(),
            extra=dict(extra or {}),
        )

    def __len__(self) -> int:
        return int(self.time_s.size)

    def _derived_half_cycle(self) -> np.ndarray:
        v = self.__dict__.get("_half_cycle")
        if v is None:
            v = self.__dict__["_half_cycle"] = half_cycles_from_set_current(self.set_current_A)
        return v

    def _derived_charge(self) -> np.ndarray:
        v = self.__dict__.get("_charge_C")
        if v is None:
            i = self.current_A
            src = i if i is not None and np.isfinite(i).any() else self.set_current_A
            with np.errstate(invalid="ignore", over="ignore"):
                v = self.__dict__["_charge_C"] = cumulative_charge(self.time_s, src)
        return v

    @property
    def n_half_cycles(self) -> int:
        """Number of half cycles (sign changes of the set current, plus one)."""
        return int(self.half_cycle.max() + 1) if self.half_cycle.size else 0

    def to_frame(self):
        """The canonical table as a pandas DataFrame (unit-named columns)."""
        import pandas as pd

        cols: dict[str, Any] = {
            "time_s": self.time_s,
            "voltage_V": self.voltage_V,
            "set_current_A": self.set_current_A,
        }
        if self.current_A is not None:
            cols["current_A"] = self.current_A
        cols.update(
            step_index=self.step_index, half_cycle=self.half_cycle, charge_C=self.charge_C
        )
        return pd.DataFrame(cols)


def _set_half_cycle(self: CyclingData, value: np.ndarray | None) -> None:
    self.__dict__["_half_cycle"] = value


def _set_charge(self: CyclingData, value: np.ndarray | None) -> None:
    self.__dict__["_charge_C"] = value


# half_cycle and charge_C stay dataclass fields but are derived on first access (from the
# set current and the current): a file read for its columns does not pay for them
CyclingData.half_cycle = property(  # type: ignore[assignment]
    CyclingData._derived_half_cycle, _set_half_cycle,
    doc="Half-cycle index of every row (derived from the set current on first access).")
CyclingData.charge_C = property(  # type: ignore[assignment]
    CyclingData._derived_charge, _set_charge,
    doc="Cumulative charge [C] (integrated on first access).")
