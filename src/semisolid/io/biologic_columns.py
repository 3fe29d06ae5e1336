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
  ``tests/io``);
* pairs of an ``.mpr`` file and its own ``.mpt`` export written by EC-Lab 10.x to 11.6x
  (PEIS, GEIS, Modulo Bat, GCPL, CP, CA, CV, LSV, OCV, ...): the values of each ``.mpr``
  column equal those of the ``.mpt`` column of that name (marked "mpt" below).

IDs above 255 often repeat the meaning of the ID 256 lower (467 / 211 ``Q charge/discharge``,
486 / 230 ``|Ewe h2|``): when an unknown ID's size cannot be worked out from the data-module
length, the size of the ID 256 lower (if known) is tried (:data:`COLUMNS`, warning).

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

#: Column ID -> (EC-Lab name with unit, numpy dtype). "sample": name, size and values
#: confirmed on a sample file of tests/data; "mpt": name, size and values confirmed on an
#: .mpr file against its own .mpt export (public test files of other readers, checked here,
#: not shipped); unmarked: from the public format facts only.
COLUMNS: dict[int, tuple[str, str]] = {
    4: ("time/s", "<f8"),  # sample
    5: ("control/V/mA", "<f4"),  # sample
    6: ("Ewe/V", "<f4"),  # sample (EC-Lab prints "Ecell/V" for BCD files)
    7: ("dq/mA.h", "<f8"),  # sample
    8: ("I/mA", "<f4"),  # sample
    9: ("Ece/V", "<f4"),  # sample
    11: ("<I>/mA", "<f8"),  # mpt
    13: ("(Q-Qo)/mA.h", "<f8"),  # sample
    16: ("Analog IN 1/V", "<f4"),  # mpt
    17: ("Analog IN 2/V", "<f4"),  # mpt
    19: ("control/V", "<f4"),  # sample
    20: ("control/mA", "<f4"),  # sample
    23: ("dQ/mA.h", "<f8"),  # mpt
    24: ("cycle number", "<f8"),  # mpt
    26: ("Rapp/Ohm", "<f4"),
    27: ("Ewe-Ece/V", "<f4"),
    32: ("freq/Hz", "<f4"),  # sample
    33: ("|Ewe|/V", "<f4"),  # mpt
    34: ("|I|/A", "<f4"),  # mpt
    35: ("Phase(Z)/deg", "<f4"),  # sample
    36: ("|Z|/Ohm", "<f4"),  # sample
    37: ("Re(Z)/Ohm", "<f4"),  # sample
    38: ("-Im(Z)/Ohm", "<f4"),  # sample
    39: ("I Range", "<u2"),  # sample
    69: ("R/Ohm", "<f4"),
    70: ("P/W", "<f4"),  # sample (EC-Lab >= 11.50 prints "Pwe/W" in PEIS/GEIS exports)
    74: ("|Energy|/W.h", "<f8"),  # sample
    75: ("Analog OUT/V", "<f4"),
    76: ("<I>/mA", "<f4"),  # mpt
    77: ("<Ewe>/V", "<f4"),  # mpt
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
    168: ("Rcmp/Ohm", "<f4"),  # mpt
    169: ("Cs/µF", "<f4"),  # sample
    172: ("Cp/µF", "<f4"),  # sample
    173: ("Cp-2/µF-2", "<f4"),
    174: ("<Ewe>/V", "<f4"),  # mpt
    178: ("(Q-Qo)/C", "<f4"),
    179: ("dQ/C", "<f4"),
    182: ("step time/s", "<f8"),
    211: ("Q charge/discharge/mA.h", "<f8"),
    212: ("half cycle", "<u4"),
    213: ("z cycle", "<u4"),
    217: ("THD Ewe/%", "<f4"),
    218: ("THD I/%", "<f4"),
    220: ("NSD Ewe/%", "<f4"),
    221: ("NSD I/%", "<f4"),
    223: ("NSR Ewe/%", "<f4"),
    224: ("NSR I/%", "<f4"),
    230: ("|Ewe h2|/V", "<f4"),
    231: ("|Ewe h3|/V", "<f4"),
    232: ("|Ewe h4|/V", "<f4"),
    233: ("|Ewe h5|/V", "<f4"),
    234: ("|Ewe h6|/V", "<f4"),
    235: ("|Ewe h7|/V", "<f4"),
    236: ("|I h2|/A", "<f4"),
    237: ("|I h3|/A", "<f4"),
    238: ("|I h4|/A", "<f4"),
    239: ("|I h5|/A", "<f4"),
    240: ("|I h6|/A", "<f4"),
    241: ("|I h7|/A", "<f4"),
    242: ("|E2|/V", "<f4"),
    249: ("Rdc/Ohm", "<f4"),
    253: ("Acir/Dcir Control", "<u1"),
    271: ("Phase(Z1)/deg", "<f4"),
    272: ("Phase(Z2)/deg", "<f4"),
    301: ("|Z1|/Ohm", "<f4"),
    302: ("|Z2|/Ohm", "<f4"),
    331: ("Re(Z1)/Ohm", "<f4"),
    332: ("Re(Z2)/Ohm", "<f4"),
    361: ("-Im(Z1)/Ohm", "<f4"),
    362: ("-Im(Z2)/Ohm", "<f4"),
    391: ("<E1>/V", "<f4"),
    392: ("<E2>/V", "<f4"),
    422: ("Phase(Zstack)/deg", "<f4"),
    423: ("|Zstack|/Ohm", "<f4"),
    424: ("Re(Zstack)/Ohm", "<f4"),
    425: ("-Im(Zstack)/Ohm", "<f4"),
    426: ("<Estack>/V", "<f4"),
    430: ("Phase(Zwe-ce)/deg", "<f4"),  # sample
    431: ("|Zwe-ce|/Ohm", "<f4"),  # sample
    432: ("Re(Zwe-ce)/Ohm", "<f4"),  # sample
    433: ("-Im(Zwe-ce)/Ohm", "<f4"),  # sample
    434: ("(Q-Qo)/C", "<f4"),  # mpt
    435: ("dQ/C", "<f4"),  # mpt
    436: ("Ewe/V", "<f4"),  # EC-Lab Express files (galvani issue #120)
    438: ("step time/s", "<f8"),  # mpt
    441: ("<Ece>/V", "<f4"),  # mpt (CP, CV, LSV exports print "<Ece>/V")
    462: ("Temperature/°C", "<f4"),
    467: ("Q charge/discharge/mA.h", "<f8"),  # sample
    468: ("half cycle", "<u4"),  # sample
    469: ("z cycle", "<u4"),  # sample
    471: ("<Ece>/V", "<f4"),  # sample
    473: ("THD Ewe/%", "<f4"),  # mpt
    474: ("THD I/%", "<f4"),  # mpt
    475: ("THD Ece/%", "<f4"),
    476: ("NSD Ewe/%", "<f4"),  # mpt
    477: ("NSD I/%", "<f4"),  # mpt
    478: ("NSD Ece/%", "<f4"),
    479: ("NSR Ewe/%", "<f4"),  # mpt
    480: ("NSR I/%", "<f4"),  # mpt
    481: ("NSR Ece/%", "<f4"),
    486: ("|Ewe h2|/V", "<f4"),  # mpt
    487: ("|Ewe h3|/V", "<f4"),  # mpt
    488: ("|Ewe h4|/V", "<f4"),  # mpt
    489: ("|Ewe h5|/V", "<f4"),  # mpt
    490: ("|Ewe h6|/V", "<f4"),  # mpt
    491: ("|Ewe h7|/V", "<f4"),  # mpt
    492: ("|I h2|/A", "<f4"),  # mpt
    493: ("|I h3|/A", "<f4"),  # mpt
    494: ("|I h4|/A", "<f4"),  # mpt
    495: ("|I h5|/A", "<f4"),  # mpt
    496: ("|I h6|/A", "<f4"),  # mpt
    497: ("|I h7|/A", "<f4"),  # mpt
    498: ("Q charge/mA.h", "<f8"),
    499: ("Q discharge/mA.h", "<f8"),
    500: ("step time/s", "<f8"),
    501: ("Efficiency/%", "<f8"),
    502: ("Capacity/mA.h", "<f8"),
    505: ("Rdc/Ohm", "<f4"),
    509: ("Acir/Dcir Control", "<u1"),
    880: ("Energy we/W.h", "<f8"),  # mpt (Modulo Bat, EC-Lab 11.6x)
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

#: Technique ID (first byte of the settings module) -> EC-Lab short name (the names of the
#: .mpt technique titles, :data:`semisolid.io.biologic_mpt.TECHNIQUE_TITLES`). Each was
#: checked on an .mpr file against the technique title of its own .mpt export, except 0x16
#: (MP), 0x30 (CV), 0x32 (ZIR), 0x33 (CVA), 0x77 (GCPL) and 0x88 (BCD), taken from the
#: public format facts and the file names.
TECHNIQUES: dict[int, str] = {
    0x04: "GCPL",
    0x06: "CV",
    0x0B: "OCV",
    0x16: "MP",
    0x18: "CA",
    0x19: "CP",
    0x1C: "WAIT",
    0x1D: "PEIS",
    0x1E: "GEIS",
    0x30: "CV",
    0x32: "ZIR",
    0x33: "CVA",
    0x6C: "LSV",
    0x75: "CstV",
    0x76: "CstC",
    0x77: "GCPL",
    0x7F: "MB",
    0x88: "BCD",
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
