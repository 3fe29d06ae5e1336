"""The material data: one :class:`~semisolid.materials.records.Record` per (material, source).

SI units; the unit is in every property name. Records are listed most trusted first for
each material: that order is the default priority (see :func:`records.resolve`). Importing
this module registers them (:func:`records.register_record`); the package
:mod:`semisolid.materials` imports it, so they are there whenever the package is. Each
record names its source and reliability tag (:mod:`semisolid.materials.sources`).

Examples
--------
>>> from semisolid.materials._data import RECORD_LIST
>>> sorted({r.material for r in RECORD_LIST})
['K', 'KBA', 'LLZTO', 'Li', 'NBA', 'Na', 'NaK']
"""

from __future__ import annotations

from semisolid.materials.records import Record, register_record
from semisolid.materials.sources import SOURCES

__all__ = ["RECORD_LIST"]

_MPa = 1e6
_GPa = 1e9
_GCM3 = 1000.0  # g/cm3 -> kg/m3
_MSCM = 0.1  # mS/cm -> S/m
_MPA_SQRT_M = 1e6
_Q_CREEP_LI = 37e3  # J/mol, lepage2019 (recalled)


def _rec(material, source, values, sd=None, ranges=None, conditions=None):
    return Record(material, SOURCES[source], values, sd or {}, ranges or {}, conditions or {})


_PAPER_ELECTROLYTE = dict(
    values={
        "fracture_toughness_Pa_sqrt_m": 2.5 * _MPA_SQRT_M,
        "conductivity_S_m": 1.5 * _MSCM,
    },
    ranges={
        "fracture_toughness_Pa_sqrt_m": (2.0 * _MPA_SQRT_M, 3.0 * _MPA_SQRT_M),
        "conductivity_S_m": (1.0 * _MSCM, 2.0 * _MSCM),
    },
    conditions={
        "fracture_toughness_Pa_sqrt_m": "paper: 2-3 MPa m^0.5 (indentation, Anstis and "
        "Evans-Charles); midpoint stored",
        "conductivity_S_m": "paper: 1-2 mS/cm at room temperature; midpoint stored",
    },
)

RECORD_LIST = [
    # ---------------------------------------------------------------- metals
    _rec("Li", "park2021", {"yield_stress_Pa": 1.74 * _MPa}, sd={"yield_stress_Pa": 0.1 * _MPa},
         conditions={"yield_stress_Pa": "H/3, Vickers 0.245 N over 15 s, projected area, "
                     "10 tests, +-SD, room temperature"}),
    _rec("Na", "park2021", {"yield_stress_Pa": 0.41 * _MPa}, sd={"yield_stress_Pa": 0.08 * _MPa},
         conditions={"yield_stress_Pa": "H/3 as for Li"}),
    _rec("K", "park2021", {"yield_stress_Pa": 0.24 * _MPa}, sd={"yield_stress_Pa": 0.03 * _MPa},
         conditions={"yield_stress_Pa": "H/3 as for Li"}),
    _rec("NaK", "park2021", {"melting_point_K": 260.5, "x_K": 0.68},
         conditions={"x_K": "eutectic 0.32Na-0.68K by mole"}),
    _rec("Li", "iupac2007", {"molar_mass_kg_mol": 6.941e-3}),
    _rec("Na", "iupac2007", {"molar_mass_kg_mol": 22.98976928e-3}),
    _rec("K", "iupac2007", {"molar_mass_kg_mol": 39.0983e-3}),
    _rec("Li", "wikipedia-elements", {
        "density_solid_kg_m3": 0.534 * _GCM3, "density_liquid_kg_m3": 0.512 * _GCM3,
        "melting_point_K": 453.65, "shear_modulus_Pa": 4.2 * _GPa, "youngs_modulus_Pa": 4.9 * _GPa,
    }, conditions={"density_solid_kg_m3": "near room temperature",
                   "density_liquid_kg_m3": "at the melting point",
                   "shear_modulus_Pa": "300 K"}),
    _rec("Na", "wikipedia-elements", {
        "density_solid_kg_m3": 0.968 * _GCM3, "density_liquid_kg_m3": 0.927 * _GCM3,
        "melting_point_K": 370.944, "shear_modulus_Pa": 3.3 * _GPa, "youngs_modulus_Pa": 10 * _GPa,
    }, conditions={"density_solid_kg_m3": "near room temperature",
                   "density_liquid_kg_m3": "at the melting point",
                   "shear_modulus_Pa": "300 K"}),
    _rec("K", "wikipedia-elements", {
        "density_solid_kg_m3": 0.862 * _GCM3, "density_liquid_kg_m3": 0.828 * _GCM3,
        "melting_point_K": 336.7, "shear_modulus_Pa": 1.3 * _GPa, "youngs_modulus_Pa": 3.53 * _GPa,
    }, conditions={"density_solid_kg_m3": "near room temperature",
                   "density_liquid_kg_m3": "at the melting point",
                   "shear_modulus_Pa": "300 K"}),
    _rec("Na", "crc-handbook", {"density_solid_kg_m3": 0.97 * _GCM3}),
    _rec("K", "crc-handbook", {"density_solid_kg_m3": 0.89 * _GCM3}),
    _rec("Li", "park2021-backsolved", {"density_solid_kg_m3": 0.518 * _GCM3}),
    _rec("Na", "park2021-backsolved", {"density_solid_kg_m3": 0.939 * _GCM3}),
    _rec("K", "park2021-backsolved", {"density_solid_kg_m3": 0.850 * _GCM3}),
    _rec("Li", "andrade-dobbs1952", {"viscosity_liquid_Pa_s": 0.585e-3},
         ranges={"viscosity_liquid_Pa_s": (0.57e-3, 0.60e-3)},
         conditions={"viscosity_liquid_Pa_s": "near the melting point"}),
    _rec("Na", "fink-leibowitz1995", {"viscosity_liquid_Pa_s": 0.688e-3},
         conditions={"viscosity_liquid_Pa_s": "at 371 K, from the correlation"}),
    _rec("K", "grosse1965", {"viscosity_liquid_Pa_s": 0.525e-3},
         ranges={"viscosity_liquid_Pa_s": (0.51e-3, 0.54e-3)},
         conditions={"viscosity_liquid_Pa_s": "near the melting point"}),
    _rec("NaK", "wikipedia-nak", {"density_liquid_kg_m3": 0.866 * _GCM3,
                                  "melting_point_K": 260.55},
         conditions={"density_liquid_kg_m3": "at 21 C (294.15 K)"}),
    _rec("NaK", "notes-nak-recalled", {"viscosity_liquid_Pa_s": 0.95e-3},
         ranges={"viscosity_liquid_Pa_s": (0.9e-3, 1.0e-3)},
         conditions={"viscosity_liquid_Pa_s": "20-22 C, unverified"}),
    # ---------------------------------------------------------------- electrolytes
    _rec("LLZTO", "park2021", **_PAPER_ELECTROLYTE),
    _rec("NBA", "park2021", **_PAPER_ELECTROLYTE),
    _rec("KBA", "park2021", **_PAPER_ELECTROLYTE),
    _rec("LLZTO", "hu2022-llzto", {
        "youngs_modulus_Pa": 158 * _GPa, "hardness_Pa": 11.3 * _GPa,
        "fracture_toughness_Pa_sqrt_m": 1.0 * _MPA_SQRT_M,
    }, sd={"youngs_modulus_Pa": 10 * _GPa, "hardness_Pa": 1.4 * _GPa},
        ranges={"fracture_toughness_Pa_sqrt_m": (0.44 * _MPA_SQRT_M, 1.51 * _MPA_SQRT_M)},
        conditions={"hardness_Pa": "nanoindentation", "youngs_modulus_Pa": "98% dense",
                    "fracture_toughness_Pa_sqrt_m": "reported range 0.44-1.51; "
                    "rounded midpoint stored"}),
    _rec("LLZTO", "ni2012", {"youngs_modulus_Pa": 149.8 * _GPa, "hardness_Pa": 6.3 * _GPa},
         sd={"youngs_modulus_Pa": 0.4 * _GPa, "hardness_Pa": 0.3 * _GPa},
         conditions={"youngs_modulus_Pa": "Al-doped LLZO, 3% porosity",
                     "hardness_Pa": "Vickers, LLZO"}),
    _rec("LLZTO", "wolfenstine2013", {"fracture_toughness_Pa_sqrt_m": 1.25 * _MPA_SQRT_M},
         conditions={"fracture_toughness_Pa_sqrt_m": "LLZO, recalled"}),
    _rec("NBA", "notes-beta-alumina", {
        "youngs_modulus_Pa": 200 * _GPa, "hardness_Pa": 13.5 * _GPa,
        "fracture_toughness_Pa_sqrt_m": 3.0 * _MPA_SQRT_M, "conductivity_S_m": 2.0 * _MSCM,
    }, ranges={"hardness_Pa": (12 * _GPa, 15 * _GPa),
               "fracture_toughness_Pa_sqrt_m": (2.5 * _MPA_SQRT_M, 3.5 * _MPA_SQRT_M),
               "conductivity_S_m": (1.0 * _MSCM, 3.0 * _MSCM)}),
    _rec("KBA", "notes-beta-alumina", {
        "youngs_modulus_Pa": 190 * _GPa, "hardness_Pa": 13.5 * _GPa,
    }, ranges={"youngs_modulus_Pa": (180 * _GPa, 200 * _GPa),
               "hardness_Pa": (12 * _GPa, 15 * _GPa)},
        conditions={"youngs_modulus_Pa": "unverified", "hardness_Pa": "assumed as for NBA"}),
    # ---------------------------------------------------------------- creep (flow in flaws)
    _rec("Li", "lepage2019", {"creep_stress_exponent": 6.6,
                              "creep_activation_energy_J_mol": _Q_CREEP_LI},
         conditions={"creep_stress_exponent": "bulk polycrystalline Li, power-law creep "
                     "near room temperature (recalled)",
                     "creep_activation_energy_J_mol": "recalled"}),
    _rec("Na", "wang2020-na", {"creep_stress_exponent": 5.0,
                               "bulk_yield_stress_Pa": 0.235 * _MPa},
         ranges={"bulk_yield_stress_Pa": (0.19 * _MPa, 0.28 * _MPa)},
         conditions={"creep_stress_exponent": "room temperature, dislocation climb",
                     "bulk_yield_stress_Pa": "tension/compression at about 1e-3 1/s; "
                     "midpoint of 0.19-0.28 MPa stored"}),
    _rec("Li", "xu2017", {"size_effect_strength_Pa": 105 * _MPa,
                          "size_effect_reference_size_m": 1e-6,
                          "size_effect_exponent": 0.68},
         conditions={"size_effect_strength_Pa": "micrometre-sized single-crystal pillars, "
                     "room temperature; reference size 1 um (\"micrometre-sized\")"}),
]

# Q of Na and K scaled from Li's by the melting points of the wikipedia-elements records above;
# the stress exponent of K taken as Na's (wang2020-na)
_T_MELT = {r.material: r.values["melting_point_K"] for r in RECORD_LIST
           if r.source.key == "wikipedia-elements"}
_N_NA = next(r.values["creep_stress_exponent"] for r in RECORD_LIST
             if r.source.key == "wang2020-na")
RECORD_LIST += [
    _rec("Na", "homologous-creep-scaling",
         {"creep_activation_energy_J_mol": _Q_CREEP_LI * _T_MELT["Na"] / _T_MELT["Li"]}),
    _rec("K", "homologous-creep-scaling",
         {"creep_activation_energy_J_mol": _Q_CREEP_LI * _T_MELT["K"] / _T_MELT["Li"],
          "creep_stress_exponent": _N_NA}),
]

for _r in RECORD_LIST:
    register_record(_r)
