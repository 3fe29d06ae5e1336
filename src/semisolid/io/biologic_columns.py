"""Facts about Bio-Logic EC-Lab files: column IDs, flag bits, technique IDs, unit splitting.

The binary ``.mpr`` data module names each column by a 16-bit ID. This table maps the IDs
to the column name EC-Lab prints in its ``.mpt`` text export (name and unit joined by
``/``) and to the little-endian numpy dtype of the stored value.

Where the facts come from (no code was copied from any GPL reader):

* the order of EC-Lab's own column names (``mode``, ``ox/red``, ``error``, ``time/s``,
  ``control/V/mA``, ``Ewe/V``, ...) as found in ``EClab.exe`` and described publicly in
  galvani issues #80, #83, #84, #85, pull requests #81, #107 and issue #120;
* the EC-Lab manual's variable names (``dq`` = charge between two points, ``dQ`` = charge on
  a step, ``<I>`` = average current);
* the sample files themselves: every size below that occurs in a sample file was checked
  against the data-module length (rows x row size), and the values against physics (see
  ``tests/io``).

IDs 1, 2, 3, 21, 31 and 65 are bit fields packed together into one ``flags`` byte.

Examples
--------
>>> COLUMNS[6]
('Ewe/V', '<f4')
>>> split_name_unit("(Q-Qo)/mA.h")
('(Q-Qo)', 'mA.h')
>>> split_name_unit("cycle number")
('cycle number', '')
>>> TECHNIQUES[0x04]
'GCPL'
"""

from __future__ import annotations

__all__ = [
    "COLUMNS",
    "FLAGS",
    "TECHNIQUES",
    "UNIT_TO_SI",
    "split_name_unit",
]

#: Column ID -> (EC-Lab name with unit, numpy dtype). Sizes confirmed on a sample file are
#: marked "sample" in the comment.
COLUMNS: dict[int, tuple[str, str]] = {
    4: ("time/s", "<f8"),  # sample
    5: ("control/V/mA", "<f4"),  # sample
    6: ("Ewe/V", "<f4"),  # sample
    7: ("dq/mA.h", "<f8"),  # sample
    8: ("I/mA", "<f4"),  # sample
    9: ("Ece/V", "<f4"),  # sample
    11: ("<I>/mA", "<f8"),
    13: ("(Q-Qo)/mA.h", "<f8"),  # sample
    16: ("Analog IN 1/V", "<f4"),
    17: ("Analog IN 2/V", "<f4"),
    19: ("control/V", "<f4"),  # sample
    20: ("control/mA", "<f4"),  # sample
    23: ("dQ/mA.h", "<f8"),
    24: ("cycle number", "<f8"),
    26: ("Rapp/Ohm", "<f4"),
    27: ("Ewe-Ece/V", "<f4"),
    32: ("freq/Hz", "<f4"),  # sample
    33: ("|Ewe|/V", "<f4"),
    34: ("|I|/A", "<f4"),
    35: ("Phase(Z)/deg", "<f4"),  # sample
    36: ("|Z|/Ohm", "<f4"),  # sample
    37: ("Re(Z)/Ohm", "<f4"),
    38: ("-Im(Z)/Ohm", "<f4"),
    39: ("I Range", "<u2"),  # sample
    69: ("R/Ohm", "<f4"),
    70: ("P/W", "<f4"),  # sample
    74: ("|Energy|/W.h", "<f8"),  # sample
    75: ("Analog OUT/V", "<f4"),
    76: ("<I>/mA", "<f4"),
    77: ("<Ewe>/V", "<f4"),
    78: ("Cs-2/µF-2", "<f4"),
    96: ("|Ece|/V", "<f4"),  # sample
    97: ("|Ice|/A", "<f4"),
    98: ("Phase(Zce)/deg", "<f4"),  # sample
    99: ("|Zce|/Ohm", "<f4"),  # sample
    100: ("Re(Zce)/Ohm", "<f4"),  # sample
    101: ("-Im(Zce)/Ohm", "<f4"),  # sample
    123: ("Energy charge/W.h", "<f8"),  # sample
    124: ("Energy discharge/W.h", "<f8"),  # sample
    125: ("Capacitance charge/µF", "<f8"),  # sample
    126: ("Capacitance discharge/µF", "<f8"),  # sample
    131: ("Ns", "<u2"),  # sample
    163: ("|Estack|/V", "<f4"),
    168: ("Rcmp/Ohm", "<f4"),
    169: ("Cs/µF", "<f4"),
    172: ("Cp/µF", "<f4"),
    173: ("Cp-2/µF-2", "<f4"),
    174: ("<Ewe>/V", "<f4"),
    430: ("Phase(Zwe-ce)/deg", "<f4"),  # sample
    431: ("|Zwe-ce|/Ohm", "<f4"),  # sample
    432: ("Re(Zwe-ce)/Ohm", "<f4"),  # sample
    433: ("-Im(Zwe-ce)/Ohm", "<f4"),  # sample
    434: ("(Q-Qo)/C", "<f4"),
    435: ("dQ/C", "<f4"),
    436: ("Ewe/V", "<f4"),  # EC-Lab Express files (galvani issue #120)
    438: ("step time/s", "<f8"),
    441: ("<Ecv>/V", "<f4"),
    462: ("Temperature/°C", "<f4"),
    467: ("Q charge/discharge/mA.h", "<f8"),  # sample
    468: ("half cycle", "<u4"),  # sample
    469: ("z cycle", "<u4"),  # sample
    471: ("<Ece>/V", "<f4"),  # sample
    473: ("THD Ewe/%", "<f4"),
    474: ("THD I/%", "<f4"),
    476: ("NSD Ewe/%", "<f4"),
    477: ("NSD I/%", "<f4"),
    479: ("NSR Ewe/%", "<f4"),
    480: ("NSR I/%", "<f4"),
}

#: Flag column ID -> (name, bit mask) inside the shared ``flags`` byte.
FLAGS: dict[int, tuple[str, int]] = {
    1: ("mode", 0x03),
    2: ("ox/red", 0x04),
    3: ("error", 0x08),
    21: ("control changes", 0x10),
    31: ("Ns changes", 0x20),
    65: ("counter inc.", 0x80),
}

#: Technique ID (first byte of the settings module) -> EC-Lab short name. IDs seen in the
#: sample files: 0x04 (GCPL), 0x7F (Modulo Bat).
TECHNIQUES: dict[int, str] = {
    0x04: "GCPL",
    0x7F: "MB",
}

#: Unit text as EC-Lab writes it -> factor to SI.
UNIT_TO_SI: dict[str, float] = {
    "s": 1.0,
    "h": 3600.0,
    "V": 1.0,
    "mV": 1e-3,
    "A": 1.0,
    "mA": 1e-3,
    "µA": 1e-6,
    "uA": 1e-6,
    "nA": 1e-9,
    "mA.h": 3.6,
    "A.h": 3600.0,
    "C": 1.0,
    "mC": 1e-3,
    "Hz": 1.0,
    "kHz": 1e3,
    "mHz": 1e-3,
    "Ohm": 1.0,
    "kOhm": 1e3,
    "W": 1.0,
    "W.h": 3600.0,
}


def split_name_unit(column: str) -> tuple[str, str]:
    """Split an EC-Lab column name into (quantity, unit) at the last ``/``.

    Names without a unit (``"Ns"``, ``"cycle number"``, ``"I Range"``) return ``""`` as unit;
    so does ``"control/V/mA"`` whose last part is a choice of units, not one unit.

    Examples
    --------
    >>> split_name_unit("Ewe/V")
    ('Ewe', 'V')
    >>> split_name_unit("control/V/mA")
    ('control', 'V or mA')
    >>> split_name_unit("Phase(Z)/deg")
    ('Phase(Z)', 'deg')
    """
    if column == "control/V/mA":
        return "control", "V or mA"
    if column == "ox/red":
        return column, ""
    name, sep, unit = column.rpartition("/")
    if not sep or not name:
        return column, ""
    return name, unit
