"""Models: the flow-limited CCD model and the virtual symmetric cell.

Import the sub-modules directly (``semisolid.models.flow_ccd``,
``semisolid.models.virtual_cell``); nothing heavy is imported here.

Examples
--------
>>> from semisolid.models import flow_ccd
>>> flow_ccd.predict("K").regime
'solid'
"""
