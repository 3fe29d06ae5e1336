"""Small array helpers of the engine.

Examples
--------
>>> import numpy as np
>>> distinct(np.array([3.0, 1.0, 3.0, 2.0])).tolist()
[1.0, 2.0, 3.0]
"""

from __future__ import annotations

import numpy as np

__all__ = ["distinct"]


def distinct(a) -> np.ndarray:
    """The sorted distinct values of `a`: ``np.unique(a)``, by the path that does not ask
    whether `a` is a masked array (that question imports ``numpy.ma``, 20-40 ms of a
    command-line start-up).

    Examples
    --------
    >>> import numpy as np
    >>> distinct([2, 2, 0]).tolist(), distinct(np.array([np.nan, 1.0, np.nan])).size
    ([0, 2], 2)
    """
    return np.unique(a, return_index=True)[0]
