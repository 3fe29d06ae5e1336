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
    """The sorted distinct values of `a`, as ``np.unique(a)`` gives them, without its
    question whether `a` is a masked array (which imports ``numpy.ma``: 20-40 ms of a
    command-line start-up).

    Examples
    --------
    >>> import numpy as np
    >>> distinct([2, 2, 0]).tolist(), distinct(np.array([np.nan, 1.0, np.nan])).size
    ([0, 2], 2)
    """
    s = np.sort(np.asarray(a).ravel())
    if s.size == 0:
        return s
    keep = np.empty(s.size, dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    if s.dtype.kind in "fc" and np.isnan(s[-1]):  # NaNs sort last: keep one, as np.unique
        keep[np.searchsorted(s, np.nan, side="left") + 1 :] = False
    return s[keep]
