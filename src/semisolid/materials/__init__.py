"""Cited material data: Li, Na, K, the Na-K eutectic and the electrolytes LLZTO, NBA, KBA.

One :class:`~semisolid.materials.records.Record` per (material, source), each with its
reference and a reliability tag (``paper``, ``src``, ``std``, ``derived``; see
:mod:`semisolid.materials.sources`). :func:`metal` and :func:`electrolyte` pick one value per
property (default priority, or the sources you name) and remember which source gave it, so
a result can print the citations it used.

Examples
--------
>>> from semisolid.materials import metal, electrolyte
>>> metal("K").density_solid_kg_m3
862.0
>>> metal("K").yield_stress_Pa
240000.0
>>> electrolyte("KBA").fracture_toughness_Pa_sqrt_m
2500000.0
>>> sorted({s.key for s in metal("K").sources.values()})
['grosse1965', 'iupac2007', 'park2021', 'wikipedia-elements']
>>> metal("Kx")
Traceback (most recent call last):
...
semisolid.errors.InputError: metal: unknown metal 'Kx' (did you mean 'K'?); known: Li, Na, K, NaK
"""

from semisolid.materials import _data  # noqa: F401  (registers the shipped records)
from semisolid.materials.electrolytes import ELECTROLYTE_NAMES, Electrolyte, electrolyte
from semisolid.materials.metals import METAL_NAMES, Metal, metal
from semisolid.materials.records import RECORDS, Record, records_for, register_record
from semisolid.materials.sources import SOURCES, Source, format_citations, get_source

__all__ = [
    "ELECTROLYTE_NAMES",
    "METAL_NAMES",
    "RECORDS",
    "SOURCES",
    "Electrolyte",
    "Metal",
    "Record",
    "Source",
    "electrolyte",
    "format_citations",
    "get_source",
    "metal",
    "records_for",
    "register_record",
]
