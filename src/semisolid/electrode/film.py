"""Li disc with an interfacial Na-K liquid film: the film's equilibrium.

The paper (Methods) adds about 5 uL of eutectic Na-K (68 mol% K) to one face of a 9.53 mm,
0.25 mm thick Li disc. At equilibrium the Li-Na-K system splits into nearly pure BCC Li and
a Na-K liquid that dissolves a little Li (Fig. 7b,c). This module computes that split for
the whole disc + film: Li dissolved in the liquid, the liquid's composition and the film
thickness over the disc face (volumes by the linear rule of mixtures, the liquid at the
liquid densities, as elsewhere in :mod:`semisolid.electrode`).

Examples
--------
>>> r = film_equilibrium(temperature_K=300.0, engine="pycalphad")
>>> r.film_composition["Li"] < 0.01          # paper: Li solubility below 1%
True
>>> round(r.film_thickness_um)               # 5 uL over 0.713 cm2
70
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from semisolid.electrode.electrode import DensityModel, check_composition, disc_area_m2
from semisolid.electrode.swing import _phase_json, classify
from semisolid.electrode.system import as_system
from semisolid.errors import InputError
from semisolid.materials import Source, format_citations
from semisolid.thermo.results import PhaseEquilibrium
from semisolid.units import require_positive

__all__ = ["FilmResult", "film_equilibrium"]


@dataclass(frozen=True)
class FilmResult:
    """Equilibrium of a Li disc carrying a Na-K liquid film.

    Attributes
    ----------
    temperature_K, area_m2 : float
    li_mol, film_mol_initial : float
        Moles of Li in the disc and of atoms in the added Na-K.
    film_mol : float
        Moles of atoms in the liquid at equilibrium.
    li_dissolved_mol : float
        Moles of Li in the liquid.
    film_composition : dict
        Mole fractions in the liquid (Li, Na, K).
    film_volume_m3, film_thickness_m : float
        Liquid volume and its thickness if spread over the disc face.
    li_thickness_change_m : float
        Change of the Li disc thickness from dissolving Li (negative).
    phases : list of PhaseEquilibrium
        All equilibrium phases (name, mole fraction of atoms, composition).
    status : str
        ``"semi-solid"`` (Li and liquid), ``"liquid"``, or ``"solid"`` (no liquid left).
    sources : tuple of Source

    Examples
    --------
    >>> r = film_equilibrium(temperature_K=300.0, engine="pycalphad")
    >>> r.status
    'semi-solid'
    """

    temperature_K: float
    area_m2: float
    li_mol: float
    film_mol_initial: float
    film_mol: float
    li_dissolved_mol: float
    film_composition: dict[str, float]
    film_volume_m3: float
    film_thickness_m: float
    li_thickness_change_m: float
    phases: list[PhaseEquilibrium]
    status: str
    sources: tuple[Source, ...] = field(default_factory=tuple)

    @property
    def film_thickness_um(self) -> float:
        """Film thickness over the disc face [um]."""
        return self.film_thickness_m * 1e6

    def cite(self) -> str:
        """Citations of the material data used."""
        return format_citations(self.sources)

    def to_dict(self) -> dict:
        """JSON-ready dict (units in the keys).

        Examples
        --------
        >>> d = film_equilibrium(temperature_K=300.0, engine="pycalphad").to_dict()
        >>> sorted(d)[:3]
        ['area_cm2', 'film_composition', 'film_mol']
        """
        return {
            "temperature_K": self.temperature_K,
            "area_cm2": self.area_m2 * 1e4,
            "li_mol": self.li_mol,
            "film_mol_initial": self.film_mol_initial,
            "film_mol": self.film_mol,
            "li_dissolved_mol": self.li_dissolved_mol,
            "film_composition": dict(self.film_composition),
            "film_volume_uL": self.film_volume_m3 * 1e9,
            "film_thickness_um": self.film_thickness_um,
            "li_thickness_change_um": self.li_thickness_change_m * 1e6,
            "phases": [_phase_json(p) for p in self.phases],
            "status": self.status,
            "sources": [s.key for s in dict.fromkeys(self.sources)],
        }


def film_equilibrium(
    temperature_K: float = 295.15,
    film_volume_m3: float = 5e-9,
    film_composition: Mapping[str, float] | None = None,
    li_diameter_m: float = 9.53e-3,
    li_thickness_m: float = 0.25e-3,
    engine: str = "auto",
    db_path: str | None = None,
    density: DensityModel | None = None,
    liquid_phases=None,
) -> FilmResult:
    """Equilibrium of a Li disc with a Na-K liquid film on one face.

    Parameters
    ----------
    temperature_K : float
    film_volume_m3 : float
        Volume of Na-K added (default 5 uL, paper Methods).
    film_composition : mapping, optional
        Mole fractions of the added liquid (default the eutectic, 68 mol% K).
    li_diameter_m, li_thickness_m : float
        The Li disc (default 9.53 mm x 0.25 mm, paper Methods).
    engine, db_path, liquid_phases
        As in :class:`semisolid.electrode.system.AlloySystem`.
    density : DensityModel, optional

    Returns
    -------
    FilmResult

    Examples
    --------
    >>> r = film_equilibrium(temperature_K=300.0, film_volume_m3=2e-9, engine="pycalphad")
    >>> round(r.film_volume_m3 * 1e9, 2)
    2.0
    """
    t = require_positive(temperature_K, "temperature")
    v_film = require_positive(film_volume_m3, "film_volume")
    comp = check_composition(film_composition or {"K": 0.68, "Na": 0.32}, "film_composition")
    if comp.get("Li", 0.0) >= 1.0:
        raise InputError("the film must contain Na or K", "film_composition")
    area = disc_area_m2(li_diameter_m)
    li_t = require_positive(li_thickness_m, "li_thickness")
    dm = density or DensityModel()
    vm_li = dm.molar_volume_m3_mol({"Li": 1.0})
    n_li = li_t * area / vm_li
    n_film = v_film / dm.molar_volume_m3_mol(comp, liquid=True)  # the film is added liquid
    moles = {"Li": n_li, "Na": 0.0, "K": 0.0}
    for el, x in comp.items():
        moles[el] += x * n_film
    total = sum(moles.values())
    elements = [el for el in ("K", "Li", "Na") if moles[el] > 0]
    x = [[moles[el] / total for el in elements]]
    system = as_system(db_path=db_path, liquid_phases=liquid_phases, engine=engine)
    system.check_elements(elements)
    pts = system.solve(elements, x, t)[0][0]
    liquid = [p for p in pts if p.name in system.liquid]
    if liquid:
        lq = max(liquid, key=lambda p: p.fraction)
        n_liq = lq.fraction * total
        lcomp = {el: float(lq.composition.get(el, 0.0)) for el in ("Li", "Na", "K")}
    else:
        n_liq = 0.0
        lcomp = {"Li": 0.0, "Na": 0.0, "K": 0.0}
    li_dissolved = n_liq * lcomp["Li"]
    v_liq = n_liq * dm.molar_volume_m3_mol(lcomp, liquid=True) if n_liq > 0 else 0.0
    lf = sum(p.fraction for p in liquid)
    status = classify(lf)
    return FilmResult(
        temperature_K=t,
        area_m2=area,
        li_mol=n_li,
        film_mol_initial=n_film,
        film_mol=n_liq,
        li_dissolved_mol=li_dissolved,
        film_composition=lcomp,
        film_volume_m3=v_liq,
        film_thickness_m=v_liq / area,
        li_thickness_change_m=-li_dissolved * vm_li / area,
        phases=list(pts),
        status=status,
        sources=tuple(dm.sources(elements, liquid=True)),
    )
