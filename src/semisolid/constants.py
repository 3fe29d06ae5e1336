"""Physical constants (CODATA 2018 exact values where defined), SI units.

Examples
--------
>>> from semisolid.constants import FARADAY_C_PER_MOL, MAH_C
>>> round(MAH_C / FARADAY_C_PER_MOL * 1e6, 3)   # micromoles of electrons per mAh
37.311
"""

FARADAY_C_PER_MOL = 96485.33212
"""Faraday constant F [C/mol]."""
GAS_CONSTANT_J_PER_MOL_K = 8.314462618
"""Molar gas constant R [J/(mol K)]."""
AVOGADRO_PER_MOL = 6.02214076e23
"""Avogadro constant [1/mol]."""
ZERO_CELSIUS_K = 273.15
"""0 degC in K."""
MAH_C = 3.6
"""One mAh in coulombs."""
MAH_PER_CM2_IN_C_PER_M2 = 36000.0
"""One mAh/cm2 in C/m2."""
MA_PER_CM2_IN_A_PER_M2 = 10.0
"""One mA/cm2 in A/m2."""
STANDARD_GRAVITY_M_S2 = 9.80665
"""Standard gravity [m/s2] (kgf to N)."""
