"""Technique parameters from the settings module (``VMP Set``) of Bio-Logic ``.mpr`` files.

What is decoded, and how it was found
-------------------------------------
Written from inspecting the bytes of the MIT sample files in ``tests/data/echem`` (no code
from any GPL reader). Offsets are from the start of the settings-module data.

* Byte 0 is the technique ID (decoded by :mod:`semisolid.io.biologic_mpr`).
* The **sequence block** starts with two zero bytes, ``ns`` (u2, the number of sequences)
  and ``np`` (u2, the number of parameters per sequence), followed by the ``ns`` parameter
  records. The block was found at byte 0x570 (EC-Lab 2017 Modulo Bat, 3260-byte module),
  0x1843 (2020 GCPL, module version 0) and 0x1845 (2023 Modulo Bat, module version 10):
  ``ns`` sits 2 bytes later. Only those three places are tried; the block is used only when
  exactly one of them holds a plausible ``ns``/``np`` pair that fits the module.
* **GCPL** (technique ID 0x04) with ``np == 32``: fixed 98-byte records, one per sequence.
  The fields below were identified by matching the values against the data module of the
  sample (``control/V/mA`` = -0.0888 mA, voltage limits 2.0 / 3.8 V, a 1 h rest in Ns 0,
  10 s recording interval, 5 repeats of Ns 2-3):

  ====== ====== ==========================================================
  offset type   meaning
  ====== ====== ==========================================================
  +0     u1     set mode: 0 = current (``Set I``), 1 = C/N rate
  +1     f4     ``Is``, the set current, in the unit of +5
  +5     u1     unit of ``Is``: 2 = uA verified; 0 A, 1 mA, 3 nA, 4 pA assumed
  +12    f4     ``t1``, the step's time limit (s)
  +18    f4     ``dE1``, record every dE (mV)
  +22    f4     ``dt1``, record every dt (s)
  +26    f4     ``EM``, the voltage limit of the step (V)
  +70    f4     ``tR``, rest time after the step (s)
  +82    f4     ``dtR``, record every dt during the rest (s)
  +90    u4     ``goto Ns'``, the sequence a loop goes back to
  +94    u4     ``nc cycles``, how many times the loop is repeated
  ====== ====== ==========================================================

  The other 21 fields of a record (``vs.``, ``N``, ``I sign``, the current range, the
  bandwidth, ``tM``, ``Im``, ``dq``, ``dQM``, ``dER``, ``EL``, ...) are not decoded: their
  values in the sample could not be checked against anything independent.
* Other techniques (Modulo Bat, PEIS, CA, ...): only ``ns`` is decoded. Modulo Bat records
  have a variable length (each sub-technique has its own parameter list) and are not read.

Anything that does not fit (an offset outside the module, an implausible count, a value that
is not finite, a unit index outside the table, a ``goto`` to a sequence that does not exist)
gives a warning and no parameters; this module never raises.

Examples
--------
>>> from semisolid.samples import sample_path
>>> from semisolid.io.biologic_mpr import parse_mpr
>>> s = parse_mpr(sample_path("gcpl")).settings
>>> s.n_sequences, s.parameters[1]["set_current_A"], s.parameters[1]["voltage_limit_V"]
(4, -8.8796e-05, 2.0)
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GCPL_RECORD_BYTES", "SettingsInfo", "decode_settings"]

SOURCE = "settings module"
#: positions (from the module-data start) of the zero pair that opens the sequence block
_BLOCK_CANDIDATES = (0x570, 0x1843, 0x1845)
_MAX_SEQUENCES = 1000
_MAX_PARAMS = 255
_GCPL_ID = 0x04
_GCPL_NPARAMS = 32
#: bytes per GCPL sequence record (32 parameters)
GCPL_RECORD_BYTES = 98
_CURRENT_UNITS = {0: ("A", 1.0), 1: ("mA", 1e-3), 2: ("µA", 1e-6), 3: ("nA", 1e-9),
                  4: ("pA", 1e-12)}
_GCPL_F4 = {  # name -> offset of an f4 field in a GCPL record
    "Is": 1, "t1": 12, "dE1": 18, "dt1": 22, "EM": 26, "tR": 70, "dtR": 82,
}


@dataclass
class SettingsInfo:
    """What was decoded from the settings module beyond the technique byte.

    Attributes
    ----------
    technique_id : int or None
        The technique byte (byte 0 of the module).
    n_sequences : int or None
        Number of sequences programmed (``ns``); None when the sequence block was not found.
    n_parameters : int or None
        Parameters per sequence (``np``) as written in the block header.
    block_offset : int or None
        Byte offset of the sequence block inside the module data.
    parameters : list of dict
        One dict per sequence (``"Ns"``, ``"source": "settings module"``, the decoded values
        in SI units); empty where the technique's records are not decoded.
    warnings : list of str

    Examples
    --------
    >>> SettingsInfo(technique_id=4).to_dict()["n_sequences"] is None
    True
    """

    technique_id: int | None = None
    n_sequences: int | None = None
    n_parameters: int | None = None
    block_offset: int | None = None
    parameters: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (the parameter dicts copied)."""
        d = dict(self.__dict__)
        d["parameters"] = [dict(p) for p in self.parameters]
        d["warnings"] = list(self.warnings)
        return d


def _find_block(buf: bytes, d0: int, length: int) -> list[tuple[int, int, int]]:
    found = []
    for off in _BLOCK_CANDIDATES:
        if off + 6 > length:
            continue
        z, ns, npar = struct.unpack_from("<HHH", buf, d0 + off)
        if z == 0 and 1 <= ns <= _MAX_SEQUENCES and 1 <= npar <= _MAX_PARAMS:
            found.append((off, ns, npar))
    return found


def _gcpl_records(
    buf: bytes, start: int, ns: int
) -> tuple[list[dict[str, Any]], str | None]:
    out: list[dict[str, Any]] = []
    for k in range(ns):
        r = start + k * GCPL_RECORD_BYTES
        mode = buf[r]
        unit_ix = buf[r + 5]
        vals = {n: struct.unpack_from("<f", buf, r + o)[0] for n, o in _GCPL_F4.items()}
        goto, ncyc = struct.unpack_from("<II", buf, r + 90)
        bad = [n for n, v in vals.items() if not math.isfinite(v)]
        if bad:
            return [], f"sequence {k}: {', '.join(bad)} not a finite number"
        if mode not in (0, 1) or unit_ix not in _CURRENT_UNITS:
            return [], f"sequence {k}: set mode {mode} / current unit {unit_ix} not known"
        if min(vals["t1"], vals["tR"], vals["dt1"], vals["dtR"], vals["dE1"]) < 0:
            return [], f"sequence {k}: a negative time or recording interval"
        if abs(vals["EM"]) > 100 or goto >= ns or ncyc > 10**6:
            return [], f"sequence {k}: EM {vals['EM']:g} V, goto {goto}, nc {ncyc} implausible"
        unit, scale = _CURRENT_UNITS[unit_ix]
        step = vals["t1"] > 0  # t1 = 0: the charge/discharge step is skipped (rest only)
        p: dict[str, Any] = {
            "Ns": k,
            "source": SOURCE,
            "technique": "GCPL",
            "set_mode": "I" if mode == 0 else "C/N",
            "set_current_value": float(f"{vals['Is']:.6g}") if mode == 0 and step else None,
            "set_current_unit": unit if mode == 0 and step else None,
            "set_current_A": (
                float(f"{vals['Is'] * scale:.6g}") if mode == 0 and step else None
            ),
            "step_time_limit_s": float(vals["t1"]),
            "voltage_limit_V": float(f"{vals['EM']:.6g}") if step else None,
            "record_dE_mV": float(vals["dE1"]) if step else None,
            "record_dt_s": float(vals["dt1"]) if step else None,
            "rest_time_s": float(vals["tR"]),
            "rest_record_dt_s": float(vals["dtR"]) if vals["tR"] > 0 else None,
            "goto_Ns": int(goto),
            "n_cycles": int(ncyc),
        }
        out.append(p)
    return out, None


def decode_settings(
    buf: bytes, data_offset: int, length: int, name: str = "file"
) -> SettingsInfo:
    """Decode the sequence block of a settings module; never raises.

    Parameters
    ----------
    buf : bytes
        The whole file.
    data_offset, length : int
        Where the settings-module data starts in `buf` and its length (already checked
        against the file size by the module splitter; checked again here).
    name : str
        File name for the warnings.

    Returns
    -------
    SettingsInfo
        Failures are in ``warnings``; ``parameters`` is then empty.

    Examples
    --------
    >>> decode_settings(b"\\x04" + b"\\x00" * 9, 0, 10).warnings
    ['file: settings module: no sequence block found; technique parameters not read']
    >>> decode_settings(b"", 0, 10).warnings
    ['file: settings module of 10 bytes does not fit the file; not decoded']
    """
    info = SettingsInfo()
    try:
        if length < 1 or data_offset < 0 or data_offset + length > len(buf):
            info.warnings.append(
                f"{name}: settings module of {length} bytes does not fit the file; not decoded"
            )
            return info
        info.technique_id = buf[data_offset]
        found = _find_block(buf, data_offset, length)
        if len(found) != 1:
            why = "no sequence block found" if not found else (
                f"{len(found)} places look like a sequence block")
            info.warnings.append(
                f"{name}: settings module: {why}; technique parameters not read"
            )
            return info
        off, ns, npar = found[0]
        info.block_offset, info.n_sequences, info.n_parameters = off, ns, npar
        if info.technique_id != _GCPL_ID:
            return info  # only the sequence count is decoded for other techniques
        if npar != _GCPL_NPARAMS:
            info.warnings.append(
                f"{name}: GCPL settings with {npar} parameters per sequence (decoded layout "
                f"has {_GCPL_NPARAMS}); technique parameters not read"
            )
            return info
        start = off + 6
        if start + ns * GCPL_RECORD_BYTES > length:
            info.warnings.append(
                f"{name}: settings module: {ns} GCPL records of {GCPL_RECORD_BYTES} bytes do "
                f"not fit the {length}-byte module; technique parameters not read"
            )
            return info
        params, err = _gcpl_records(buf, data_offset + start, ns)
        if err is not None:
            info.warnings.append(
                f"{name}: settings module: GCPL {err}; technique parameters not read"
            )
            return info
        info.parameters = params
    except (struct.error, IndexError, ValueError, OverflowError) as exc:  # defensive
        info.parameters = []
        info.warnings.append(f"{name}: settings module not decoded ({exc})")
    return info
