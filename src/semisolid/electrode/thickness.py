"""Plated thickness per areal capacity (Faraday's law), for a metal or an alloy.

``t = Q_A M / (z F rho)`` with ``Q_A`` the areal capacity [C/m2], ``M`` the molar mass,
``rho`` the density and ``z`` the ion's charge (1 for the alkali metals, 2 for Mg, Ca, Zn,
3 for Al; any element of :func:`semisolid.materials.elements.element_data`). For an alloy the
deposit is taken to have the alloy's composition, ``z`` electrons per atom (default: the
elements' common usual charge), with the density from the linear rule of mixtures
(:class:`~semisolid.electrode.electrode.DensityModel`).

Examples
--------
>>> r = plated_thickness(3 * 36000, "K")   # 3 mAh/cm2 in C/m2
>>> round(r.thickness_um, 2), r.density_kg_m3
(50.77, 862.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from semisolid.constants import FARADAY_C_PER_MOL, MAH_PER_CM2_IN_C_PER_M2
from semisolid.electrode.electrode import DensityModel, check_composition
from semisolid.errors import InputError
from semisolid.materials import Source, format_citations, metal
from semisolid.materials.metals import METAL_NAMES
from semisolid.units import require_positive

__all__ = ["ThicknessResult", "plated_thickness"]


@dataclass(frozen=True)
class ThicknessResult:
    """Plated thickness for one areal capacity.

    Attributes
    ----------
    metal : str
        Metal or alloy label (``"K"``, ``"NaK"``, ``"K0.95Na0.05"``).
    composition : dict
    areal_capacity_C_m2, areal_capacity_mAh_cm2 : float
    thickness_m, thickness_um : float
    molar_mass_kg_mol, density_kg_m3, molar_volume_m3_mol : float
        The values used (the density is stated in every result).
    density_basis : str
        ``"solid"``, ``"liquid"`` or ``"override"``.
    sources : tuple of Source

    Examples
    --------
    >>> plated_thickness(1.5 * 36000, "Li").to_dict()["density_kg_m3"]
    534.0
    """

    metal: str
    composition: dict[str, float]
    areal_capacity_C_m2: float
    thickness_m: float
    molar_mass_kg_mol: float
    density_kg_m3: float
    molar_volume_m3_mol: float
    density_basis: str
    sources: tuple[Source, ...] = field(default_factory=tuple)
    charge: int = 1

    @property
    def thickness_um(self) -> float:
        """Thickness in micrometres."""
        return self.thickness_m * 1e6

    @property
    def areal_capacity_mAh_cm2(self) -> float:
        """Areal capacity in mAh/cm2."""
        return self.areal_capacity_C_m2 / MAH_PER_CM2_IN_C_PER_M2

    @property
    def um_per_mAh_cm2(self) -> float:
        """Thickness per unit areal capacity [um per mAh/cm2]."""
        return (self.molar_volume_m3_mol * MAH_PER_CM2_IN_C_PER_M2
                / (self.charge * FARADAY_C_PER_MOL) * 1e6)

    def cite(self) -> str:
        """Citations of the data used.

        Examples
        --------
        >>> "iupac2007" in plated_thickness(36000.0, "Na").cite()
        True
        """
        return format_citations(self.sources)

    def to_dict(self) -> dict:
        """JSON-ready dict with units in the keys.

        Examples
        --------
        >>> d = plated_thickness(3 * 36000, "Na").to_dict()
        >>> round(d["thickness_um"], 2), d["density_g_cm3"]
        (26.58, 0.968)
        """
        return {
            "metal": self.metal,
            "composition": dict(self.composition),
            "areal_capacity_mAh_cm2": self.areal_capacity_mAh_cm2,
            "thickness_um": self.thickness_um,
            "um_per_mAh_cm2": self.um_per_mAh_cm2,
            "density_kg_m3": self.density_kg_m3,
            "density_g_cm3": self.density_kg_m3 / 1000.0,
            "density_basis": self.density_basis,
            "molar_mass_g_mol": self.molar_mass_kg_mol * 1e3,
            "molar_volume_cm3_mol": self.molar_volume_m3_mol * 1e6,
            "charge": self.charge,
            "sources": [s.key for s in dict.fromkeys(self.sources)],
        }


def _label(comp: Mapping[str, float]) -> str:
    if len([x for x in comp.values() if x > 0]) == 1:
        return next(el for el, x in comp.items() if x > 0)
    return "".join(f"{el}{x:g}" for el, x in comp.items() if x > 0)


def plated_thickness(
    areal_capacity_C_m2: float,
    metal_or_alloy: str | Mapping[str, float],
    *,
    state: str = "solid",
    density_kg_m3: float | None = None,
    source: str | Sequence[str] | None = None,
    charge: float | None = None,
) -> ThicknessResult:
    """Thickness of metal plated (or stripped) per half cycle of a given areal capacity.

    Parameters
    ----------
    areal_capacity_C_m2 : float
        Areal capacity [C/m2] (1 mAh/cm2 = 36000 C/m2); must be > 0.
    metal_or_alloy : str or mapping
        ``"Li"``, ``"Na"``, ``"K"``, ``"NaK"`` (eutectic), any element (``"Mg"``), or mole
        fractions such as ``{"K": 0.95, "Na": 0.05}``.
    state : {"solid", "liquid"}
        Which cited density to use (``"liquid"``: density at the melting point; for NaK the
        only density known is the liquid one at 21 C, used for both).
    density_kg_m3 : float, optional
        Override the density (e.g. 850 for K to reproduce the paper's 51.5 um).
    source : str or sequence of str, optional
        Preferred source(s) of the density (see :func:`semisolid.materials.metal`).
    charge : int, optional
        Electrons per deposited atom (default: the element's usual ion charge; for an
        alloy, the usual charge its elements share).

    Returns
    -------
    ThicknessResult

    Examples
    --------
    >>> round(plated_thickness(1.5 * 36000, "Li").thickness_um, 2)        # paper: 7.5
    7.27
    >>> round(plated_thickness(3 * 36000, "Na", state="liquid").thickness_um, 2)
    27.76
    >>> round(plated_thickness(3 * 36000, "K", source="park2021-backsolved").thickness_um, 1)
    51.5
    >>> round(plated_thickness(3 * 36000, "Mg").thickness_um, 2)          # Mg2+: z = 2
    7.83
    >>> plated_thickness(0.0, "K")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: areal_capacity: 0.0 must be a positive finite number
    """
    q = require_positive(areal_capacity_C_m2, "areal_capacity")
    if state not in ("solid", "liquid"):
        raise InputError(f"state {state!r} is not 'solid' or 'liquid'", "state")
    if density_kg_m3 is not None:
        require_positive(density_kg_m3, "density")

    sources: list[Source] = []
    from semisolid.electrode.system import resolve_charge

    if isinstance(metal_or_alloy, str) and metal_or_alloy.strip().lower() not in {
            n.lower() for n in METAL_NAMES} and "=" not in metal_or_alloy:
        from semisolid.materials.elements import canonical_element

        metal_or_alloy = {canonical_element(metal_or_alloy, "metal"): 1.0}
    if isinstance(metal_or_alloy, str):
        m = metal(metal_or_alloy, source=source)
        comp = dict(m.composition)
        label = m.name
        molar_mass = m.require("molar_mass_kg_mol")
        sources.append(m.sources["molar_mass_kg_mol"])
        if density_kg_m3 is not None:
            rho, basis = float(density_kg_m3), "override"
        else:
            prop = "density_solid_kg_m3" if state == "solid" else "density_liquid_kg_m3"
            if getattr(m, prop) is None and m.density_liquid_kg_m3 is not None:
                prop = "density_liquid_kg_m3"
            rho = m.require(prop)
            basis = "solid" if prop == "density_solid_kg_m3" else "liquid"
            sources.append(m.sources[prop])
    else:
        comp = check_composition(metal_or_alloy, "metal")
        label = _label(comp)
        dm = DensityModel(source=source)
        molar_mass = dm.molar_mass_kg_mol(comp)
        present = [el for el, x in comp.items() if x > 0]
        sources.extend(dm.sources(present, liquid=state == "liquid"))
        if density_kg_m3 is not None:
            rho, basis = float(density_kg_m3), "override"
        else:
            rho, basis = dm.density_kg_m3(comp, liquid=state == "liquid"), state
        if len(present) > 1 and state != "solid" and density_kg_m3 is None:
            basis = "liquid (rule of mixtures)"
    if charge is None:
        els = [el for el, x in comp.items() if x > 0]
        zs = {resolve_charge(el) for el in els}
        if len(zs) > 1:
            raise InputError(f"the elements {', '.join(els)} have different usual ion "
                             "charges; give charge=...", "charge")
        z = zs.pop()
    else:
        z = resolve_charge("", charge)
    vm = molar_mass / rho
    t = q * vm / (z * FARADAY_C_PER_MOL)
    return ThicknessResult(label, comp, q, t, molar_mass, rho, vm, basis, tuple(sources), z)
