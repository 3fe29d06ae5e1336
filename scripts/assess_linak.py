"""Regenerate the Li-Na-K assessment (thin wrapper of semisolid.thermo.assessment.build).

Usage::

    .venv/bin/python scripts/assess_linak.py --doc docs/assessment.md   # fit, ensemble, TDB, docs
    .venv/bin/python scripts/assess_linak.py --docs --doc docs/assessment.md  # docs only
    .venv/bin/python scripts/assess_linak.py --write-tdb                # TDB from the stored file
"""

from semisolid.thermo.assessment.build import main

if __name__ == "__main__":
    raise SystemExit(main())
