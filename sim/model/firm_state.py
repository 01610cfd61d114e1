"""Firm state held as numpy arrays, one slot per firm ever created.

The Mesa ``Firm`` agents are the identity and life-cycle layer; the yearly
arithmetic runs over these arrays. A slot is never reused, so ``Firm.slot``
stays valid for the life of the model. Money is in million yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

HISTORY_YEARS = 3  # HNTE criteria look at R&D / revenue over the last three years


@dataclass
class FirmState:
    """Arrays of firm state (length = capacity; ``n`` slots in use).

    Attributes (all per firm):
        alive: the firm is active.
        high_tech: sector flag (high-tech vs traditional).
        revenue: sales revenue, million yuan.
        employees: persons.
        st_share: S&T staff / employees (0-1).
        ht_share: high-tech products / revenue (0-1).
        knowledge: R&D knowledge stock, million yuan.
        productivity: productivity index (base-year mean about 1).
        margin: operating margin before R&D (share of revenue).
        base_ratio: the firm's R&D / revenue at the base-year policy (share).
        ratio: current planned R&D / revenue from own funds (share).
        rd_true: R&D really spent this year, million yuan.
        rd_reported: R&D reported this year (true plus relabelled), million yuan.
        ratio_hist: reported R&D / revenue for the last three years, newest last; stored column-major
            (Fortran order), so each year's column is contiguous and gathered or written by itself.
        profit: profit before tax this year, million yuan.
        western: pays 15% under the Western Development rule (while it lasts).
        hnte: holds a valid HNTE certificate.
        hnte_expiry: year in which the certificate must be renewed.
        subsidy: post-R&D subsidy received last, million yuan.
        misuser: the firm diverts subsidies (drawn at birth).
        loss_years: consecutive loss years.
        birth_year: year of entry.
        c0: price of R&D at the base-year policy (per yuan; ``policy.rd_price``).
        pool: in the HNTE cultivation pool (培育库): working toward certification.
        pool_year: year the firm last entered the pool.
    """

    alive: np.ndarray
    high_tech: np.ndarray
    revenue: np.ndarray
    employees: np.ndarray
    st_share: np.ndarray
    ht_share: np.ndarray
    knowledge: np.ndarray
    productivity: np.ndarray
    margin: np.ndarray
    base_ratio: np.ndarray
    ratio: np.ndarray
    rd_true: np.ndarray
    rd_reported: np.ndarray
    ratio_hist: np.ndarray
    profit: np.ndarray
    western: np.ndarray
    hnte: np.ndarray
    hnte_expiry: np.ndarray
    subsidy: np.ndarray
    misuser: np.ndarray
    loss_years: np.ndarray
    birth_year: np.ndarray
    c0: np.ndarray
    pool: np.ndarray
    pool_year: np.ndarray
    n: int = 0

    @classmethod
    def empty(cls, capacity: int) -> FirmState:
        f = np.zeros
        return cls(
            alive=f(capacity, bool), high_tech=f(capacity, bool), revenue=f(capacity), employees=f(capacity),
            st_share=f(capacity), ht_share=f(capacity), knowledge=f(capacity), productivity=f(capacity),
            margin=f(capacity), base_ratio=f(capacity), ratio=f(capacity), rd_true=f(capacity),
            rd_reported=f(capacity), ratio_hist=f((capacity, HISTORY_YEARS), order="F"), profit=f(capacity),
            western=f(capacity, bool), hnte=f(capacity, bool), hnte_expiry=f(capacity, np.int64),
            subsidy=f(capacity), misuser=f(capacity, bool), loss_years=f(capacity, np.int64),
            birth_year=f(capacity, np.int64), c0=f(capacity), pool=f(capacity, bool), pool_year=f(capacity, np.int64),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        return {fl.name: getattr(self, fl.name) for fl in fields(self) if fl.name != "n"}

    def append(self, new: dict[str, np.ndarray]) -> np.ndarray:
        """Add firms given as arrays (missing fields are zero); return their slots."""
        k = len(next(iter(new.values())))
        need = self.n + k
        cap = len(self.alive)
        if need > cap:
            grow = max(need, int(cap * 1.5) + 16)
            for name, arr in self.arrays().items():
                bigger = np.zeros((grow, *arr.shape[1:]), dtype=arr.dtype, order="F")  # keeps ratio_hist column-major
                bigger[: self.n] = arr[: self.n]
                setattr(self, name, bigger)
        new_rows = slice(self.n, need)  # slice assignment: a plain copy, no index array
        for name, values in new.items():
            getattr(self, name)[new_rows] = values
        self.alive[new_rows] = True
        slots = np.arange(self.n, need)
        self.n = need
        return slots

    @property
    def live(self) -> np.ndarray:
        """Slots of active firms."""
        return self.alive[: self.n].nonzero()[0]
