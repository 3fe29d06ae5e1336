"""Models: the creep-limited CCD model with measured inputs (and its fits and out-of-sample
validation), the calibrated flow-limited CCD model, and the virtual symmetric cell.

The workflows :func:`predict_ccd` and :func:`run_virtual_cell` are re-exported; import the
models themselves from their sub-modules (``semisolid.models.creep_ccd``,
``semisolid.models.validation``, ``semisolid.models.flow_ccd``,
``semisolid.models.virtual_cell``); nothing heavy is imported here.

Examples
--------
>>> from semisolid.models import flow_ccd
>>> flow_ccd.predict("K").regime
'solid'
"""

from semisolid.models.workflows import (
    CCDPredictions,
    VirtualCellRun,
    predict_ccd,
    run_virtual_cell,
)

__all__ = ["CCDPredictions", "VirtualCellRun", "predict_ccd", "run_virtual_cell"]
