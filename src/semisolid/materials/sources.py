"""Literature sources of the material data, and a citation list for results.

Every number in :mod:`semisolid.materials` comes from one :class:`Source`. A source carries
its reference (DOI or citation) and a reliability tag:

``paper``
    Quoted or computed directly from Park et al., *Nat. Energy* 6, 314 (2021).
``src``
    Confirmed in a public source (URL or DOI given).
``std``
    A standard handbook value recalled (not re-checked against the handbook): use it, but
    these are the values to spot-check.
``derived``
    Derived by the project from other numbers (the derivation is named in ``note``).

Results that use material data carry a tuple of sources; :func:`format_citations` prints
them, like PyBaMM's citation list.

Examples
--------
>>> from semisolid.materials.sources import SOURCES, format_citations
>>> SOURCES["park2021"].reliability
'paper'
>>> print(format_citations([SOURCES["park2021"]]))
[park2021] [paper] Park, R. J.-Y. et al. Semi-solid alkali metal electrodes enabling high ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from semisolid.errors import InputError, suggest

__all__ = ["RELIABILITY", "SOURCES", "Source", "format_citations", "get_source", "register_source"]

RELIABILITY = ("paper", "src", "std", "derived")
"""The reliability tags, most to least direct."""


@dataclass(frozen=True)
class Source:
    """One literature source of material data.

    Parameters
    ----------
    key : str
        Short unique key, e.g. ``"park2021"``.
    citation : str
        Full reference (authors, title, journal, volume, pages, year).
    reliability : str
        One of :data:`RELIABILITY`.
    doi : str, optional
        DOI without the ``https://doi.org/`` prefix.
    url : str, optional
        Where the value was confirmed (for ``src`` records without a DOI).
    note : str, optional
        How the values were taken or derived.

    Examples
    --------
    >>> s = Source("x", "A. Author, J. Stuff 1, 2 (2000).", "std")
    >>> s.to_dict()["reliability"]
    'std'
    """

    key: str
    citation: str
    reliability: str
    doi: str | None = None
    url: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.reliability not in RELIABILITY:
            raise InputError(
                f"reliability {self.reliability!r} is not one of {', '.join(RELIABILITY)}",
                "reliability",
            )

    def to_dict(self) -> dict[str, str | None]:
        """The source as a plain dict (JSON-ready).

        Examples
        --------
        >>> sorted(SOURCES["park2021"].to_dict())
        ['citation', 'doi', 'key', 'note', 'reliability', 'url']
        """
        return asdict(self)

    def __str__(self) -> str:
        ref = f" https://doi.org/{self.doi}" if self.doi else (f" {self.url}" if self.url else "")
        return f"[{self.key}] [{self.reliability}] {self.citation}{ref}"


SOURCES: dict[str, Source] = {}
"""All registered sources by key."""


def register_source(source: Source, replace: bool = False) -> Source:
    """Add a source to :data:`SOURCES`.

    Registering the same source again is a no-op; a different source under a key that is
    taken is refused unless ``replace=True``.

    Examples
    --------
    >>> register_source(SOURCES["park2021"]) is SOURCES["park2021"]
    True
    >>> register_source(Source("park2021", "Someone else", "std"))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: key: a different source is already registered as 'park2021'; \
pass replace=True to overwrite it on purpose
    """
    old = SOURCES.get(source.key)
    if old is not None and old != source and not replace:
        raise InputError(f"a different source is already registered as {source.key!r}; pass "
                         "replace=True to overwrite it on purpose", "key")
    SOURCES[source.key] = source
    return source


def get_source(key: str) -> Source:
    """The source registered under `key` (errors suggest close matches).

    Examples
    --------
    >>> get_source("park2021").doi
    '10.1038/s41560-021-00786-w'
    """
    try:
        return SOURCES[key]
    except KeyError:
        raise InputError(
            f"unknown source {key!r}{suggest(key, SOURCES)}; known: {', '.join(sorted(SOURCES))}",
            "source",
        ) from None


def format_citations(sources: Iterable[Source]) -> str:
    """One line per distinct source, in first-use order.

    Examples
    --------
    >>> print(format_citations([SOURCES["park2021"], SOURCES["park2021"]]).count("[park2021]"))
    1
    """
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.key, s)
    return "\n".join(str(s) for s in seen.values())


for _s in [
    Source(
        "park2021",
        "Park, R. J.-Y. et al. Semi-solid alkali metal electrodes enabling high critical current "
        "densities in solid electrolyte batteries. Nat. Energy 6, 314-322 (2021).",
        "paper",
        doi="10.1038/s41560-021-00786-w",
        note="Yield stress = H/3 (Fig. 6 caption, Methods); electrolyte toughness 2-3 MPa m^0.5 "
        "and conductivity 1-2 mS/cm (text); Na-K eutectic 260.5 K at 0.68 K (text).",
    ),
    Source(
        "park2021-backsolved",
        "Densities back-solved from the plated thicknesses stated in Park et al. 2021 (Methods): "
        "Li 7.5 um at 1.5 mAh/cm2, Na 27.4 um and K 51.5 um at 3 mAh/cm2.",
        "derived",
        doi="10.1038/s41560-021-00786-w",
        note="rho = Q M / (F t) (Faraday's law; docs/design.md).",
    ),
    Source(
        "iupac2007",
        "Wieser, M. E. & Berglund, M. Atomic weights of the elements 2007 (IUPAC Technical "
        "Report). Pure Appl. Chem. 81, 2131-2156 (2009).",
        "std",
        doi="10.1351/PAC-REP-09-08-03",
        note="Standard atomic weights Li 6.941, Na 22.98976928, K 39.0983 g/mol (also the "
        "values in the shipped TDB).",
    ),
    Source(
        "wikipedia-elements",
        "Wikipedia element data pages (lithium, sodium, potassium) and 'Elastic properties of "
        "the elements (data page)'.",
        "std",
        url="https://en.wikipedia.org/wiki/Elastic_properties_of_the_elements_(data_page)",
        note="Densities near room temperature and at the melting point, melting points, shear "
        "and Young's moduli. Li and Na Young's moduli confirmed on the data page [src]; the "
        "rest recalled [std].",
    ),
    Source(
        "crc-handbook",
        "Haynes, W. M. (ed.) CRC Handbook of Chemistry and Physics, 97th edn (CRC Press, 2016).",
        "std",
        note="Alternative room-temperature densities Na 0.97 and K 0.89 g/cm3 (recalled).",
    ),
    Source(
        "wikipedia-nak",
        "Wikipedia, 'Sodium-potassium alloy' (NaK): density 0.866 g/cm3 at 21 C, 0.855 g/cm3 "
        "at 100 C; melting point -12.6 C for the eutectic.",
        "src",
        url="https://www.wikizero.com/en/NaK",
    ),
    Source(
        "bomelburg1972",
        "Bomelburg, H. J. et al. Handbook on NaK (Battelle Pacific Northwest Laboratories, 1972), "
        "as given by Argonne National Laboratory, Cardinal: NaK fluid properties.",
        "src",
        url="https://cardinal.cels.anl.gov/source/fluidproperties/NaKFluidProperties.html",
        note="Liquid densities: Na rho = 0.9453 - 2.2473e-4 T_C; K rho = 0.8415 - 2.172e-4 T_C "
        "- 2.7e-8 T_C^2 + 4.77e-12 T_C^3 (g/cm3, T_C in C); NaK 1/rho = w_K/rho_K + w_Na/rho_Na.",
    ),
    Source(
        "fink-leibowitz1995",
        "Fink, J. K. & Leibowitz, L. Thermodynamic and transport properties of sodium liquid "
        "and vapor. Argonne National Laboratory report ANL/RE-95/2 (1995).",
        "src",
        note="ln(eta / Pa s) = -6.4406 - 0.3958 ln T + 556.835 / T, 371-2500 K.",
    ),
    Source(
        "andrade-dobbs1952",
        "Andrade, E. N. da C. & Dobbs, E. R. The viscosities of liquid lithium, rubidium and "
        "caesium. Proc. R. Soc. Lond. A 211, 12-30 (1952).",
        "std",
        note="Li near the melting point 0.57-0.60 mPa s (recalled; paper ref. 35).",
    ),
    Source(
        "grosse1965",
        "Grosse, A. V. Viscosities of liquid sodium and potassium, from their melting points to "
        "their critical points. Science 147, 1438-1441 (1965).",
        "std",
        note="K near the melting point 0.51-0.54 mPa s (recalled; paper ref. 36).",
    ),
    Source(
        "notes-nak-recalled",
        "Room-temperature NaK eutectic viscosity 0.9-1.0 mPa s: handbook value recalled in the "
        "project's own notes, unverified (no primary source retrieved).",
        "std",
    ),
    Source(
        "ni2012",
        "Ni, J. E., Case, E. D., Sakamoto, J. S., Rangasamy, E. & Wolfenstine, J. B. Room "
        "temperature elastic moduli and Vickers hardness of hot-pressed LLZO cubic garnet. "
        "J. Mater. Sci. 47, 7978-7985 (2012).",
        "src",
        note="Title and values confirmed via discovery.researcher.life; "
        "authors and pages recalled. Measured on hot-pressed Al-doped LLZO at 3% porosity "
        "(not Ta-doped LLZTO): "
        "E = 149.8 +- 0.4 GPa, HV = 6.3 +- 0.3 GPa.",
    ),
    Source(
        "hu2022-llzto",
        "Hu et al. (2022), elastic modulus, hardness and fracture toughness of LLZTO "
        "(NSF public access record).",
        "src",
        url="https://par.nsf.gov/biblio/10352322",
        note="E = 158 +- 10 GPa at 98% density; nanoindentation hardness 11.3 +- 1.4 GPa; "
        "K_Ic 0.44-1.51 MPa m^0.5.",
    ),
    Source(
        "wolfenstine2013",
        "Wolfenstine, J. et al. A preliminary investigation of fracture toughness of "
        "Li7La3Zr2O12 and its comparison to other solid Li-ion conductors. Mater. Lett. 96, "
        "117-120 (2013).",
        "std",
        note="LLZO K_Ic about 1.25 MPa m^0.5 (recalled; paper ref. 13).",
    ),
    Source(
        "notes-beta-alumina",
        "Typical beta''-alumina ceramic values recalled in the project's own notes (no primary "
        "source retrieved): E about 200 GPa, hardness 12-15 GPa, "
        "K_Ic 2.5-3.5 MPa m^0.5, RT conductivity 1-3 mS/cm (Na); K form unverified.",
        "std",
    ),
    # ---- creep of the alkali metals and liquid Na-K (the creep-limited CCD model)
    Source(
        "lepage2019",
        "LePage, W. S. et al. Lithium mechanics: roles of strain rate and temperature and "
        "implications for lithium metal batteries. J. Electrochem. Soc. 166, A89-A97 (2019).",
        "std",
        doi="10.1149/2.0221902jes",
        note="Power-law creep of bulk Li near room temperature: stress exponent about 6.6, "
        "activation energy about 37 kJ/mol. The paper and its title are confirmed "
        "(dasgupta.engin.umich.edu news page, doi above); the two numbers are recalled, not "
        "re-read from the paper here (paper ref. 31).",
    ),
    Source(
        "wang2020-na",
        "Wang, M. J., Chang, J.-Y., Wolfenstine, J. B. & Sakamoto, J. Analysis of elastic, "
        "plastic, and creep properties of sodium metal and implications for solid-state "
        "batteries. Materialia 12, 100792 (2020).",
        "src",
        doi="10.1016/j.mtla.2020.100792",
        url="https://aminer.org/pub/5fae6e4fd4150a363ced23b1",
        note="Abstract: creep stress exponent 5.0 at room temperature; tensile/compressive "
        "yield strength 0.19-0.28 MPa at about 1e-3 1/s; acoustic Young's modulus 4.6 GPa.",
    ),
    Source(
        "xu2017",
        "Xu, C., Ahmad, Z., Aryanfar, A., Viswanathan, V. & Greer, J. R. Enhanced strength and "
        "temperature dependence of mechanical properties of Li at small scales and its "
        "implications for Li metal anodes. Proc. Natl Acad. Sci. USA 114, 57-61 (2017).",
        "src",
        doi="10.1073/pnas.1615733114",
        url="https://www.osti.gov/biblio/1336848",
        note="Abstract: micrometre-sized single-crystal Li reaches 105 MPa at room temperature "
        "(35 MPa at 90 C); power-law size effect with strengthening exponent -0.68 at room "
        "temperature (-1.00 at 90 C). Paper ref. 32.",
    ),
    Source(
        "homologous-creep-scaling",
        "Assumption of semisolid: creep activation energies of Na and K scaled from Li's by "
        "the melting point (Q proportional to T_m, the rule the self-diffusion energies of "
        "the bcc alkali metals follow); the stress exponent of K taken equal to Na's. No "
        "creep measurement of K was found.",
        "derived",
        note="Q_Na = Q_Li T_m(Na)/T_m(Li), Q_K = Q_Li T_m(K)/T_m(Li), with the melting points "
        "of wikipedia-elements; n_K = n_Na (wang2020-na).",
    ),
]:
    register_source(_s)
