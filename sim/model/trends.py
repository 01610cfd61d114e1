"""Estimated trends: terms that carry what the model's mechanisms do not explain, as damped trends."""

from __future__ import annotations

import numpy as np


def damped_trend_index(rate: float, damping: float, years: int) -> float:
    """Factor after ``years`` years of a trend whose yearly rate (share) starts at ``rate`` and is multiplied by
    ``damping`` each year: the product over s = 1..years of (1 + rate x damping^(s - 1)), the damped trend of Gardner
    and McKenzie (1985, Management Science 31: 1237-1246). ``damping`` 1 is the constant rate, (1 + rate)^years;
    below 1 the factor converges (to at most exp(rate / (1 - damping))) instead of compounding for ever."""
    n = max(int(years), 0)
    if damping == 1.0:
        return (1.0 + rate) ** n
    return float(np.prod(1.0 + rate * damping ** np.arange(n)))
