"""Melting points and liquid densities at the melting point of the metallic elements.

Values of the table "Density of molten elements and representative salts" of the CRC
Handbook of Chemistry and Physics (section 4): melting point t_m [deg C] and density of the
liquid at t_m [g/cm3]. Source key ``crc-molten-elements`` (reliability ``std``: recalled
handbook values; the entries Ag, Al, As, Au, B, Ba and Be were checked against a copy of the
table, the rest are to be spot-checked).

Examples
--------
>>> MOLTEN["K"]
(63.38, 0.828)
"""

from __future__ import annotations

__all__ = ["MOLTEN"]

MOLTEN: dict[str, tuple[float, float]] = {
    # symbol: (melting point [deg C], liquid density at the melting point [g/cm3])
    "Ag": (961.78, 9.320), "Al": (660.32, 2.375), "As": (817.0, 5.22), "Au": (1064.18, 17.31),
    "B": (2075.0, 2.08), "Ba": (727.0, 3.338), "Be": (1287.0, 1.690), "Bi": (271.406, 10.05),
    "Ca": (842.0, 1.378), "Cd": (321.07, 8.02), "Ce": (798.0, 6.55), "Co": (1495.0, 7.75),
    "Cr": (1907.0, 6.3), "Cs": (28.44, 1.843), "Cu": (1084.62, 8.02), "Dy": (1412.0, 8.37),
    "Er": (1529.0, 8.86), "Eu": (822.0, 5.13), "Fe": (1538.0, 6.98), "Ga": (29.76, 6.08),
    "Gd": (1313.0, 7.4), "Ge": (938.25, 5.60), "Hf": (2233.0, 12.0), "Ho": (1472.0, 8.34),
    "In": (156.60, 7.02), "Ir": (2446.0, 19.0), "K": (63.38, 0.828), "La": (918.0, 5.94),
    "Li": (180.50, 0.512), "Lu": (1663.0, 9.3), "Mg": (650.0, 1.584), "Mn": (1246.0, 5.95),
    "Mo": (2623.0, 9.33), "Na": (97.794, 0.927), "Nb": (2477.0, 7.83), "Nd": (1021.0, 6.89),
    "Ni": (1455.0, 7.81), "Os": (3033.0, 20.0), "Pb": (327.46, 10.66), "Pd": (1554.9, 10.38),
    "Pr": (931.0, 6.50), "Pt": (1768.4, 19.77), "Pu": (640.0, 16.63), "Rb": (39.30, 1.46),
    "Re": (3186.0, 18.9), "Rh": (1964.0, 10.7), "Ru": (2334.0, 10.65), "Sb": (630.63, 6.53),
    "Sc": (1541.0, 2.80), "Se": (221.0, 3.99), "Si": (1414.0, 2.57), "Sm": (1074.0, 7.16),
    "Sn": (231.93, 6.99), "Sr": (777.0, 2.375), "Ta": (3017.0, 15.0), "Tb": (1356.0, 7.65),
    "Te": (449.51, 5.70), "Ti": (1668.0, 4.11), "Tl": (304.0, 11.22), "Tm": (1545.0, 9.0),
    "U": (1135.0, 17.3), "V": (1910.0, 5.5), "W": (3422.0, 17.6), "Y": (1526.0, 4.24),
    "Yb": (824.0, 6.21), "Zn": (419.53, 6.57), "Zr": (1855.0, 5.8),
}
