"""A commune-month's criteria read back from its summary masks (bit n-1 for criterion number n).

The summary keeps, per commune-month, which criteria were assessed and which were met. Unfolding
those two masks against the criteria of the commune-month's set gives the same rows as the
history's latest versions (one per criterion assessed, with `met`), without reading the history:
for the whole country a month is 11,000 summary rows instead of 210,000 criterion rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

ROW_COLUMNS = ["commune_code", "period", "criterion_key", "criterion_number", "set_id", "met"]


def unfold(counts: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """One row per commune-month and criterion assessed (ROW_COLUMNS), from summary rows
    (`commune_code`, `period`, `set_id`, `met_mask`, `assessed_mask`) and the criteria
    (`set_id`, `key`, `number`). Sorted by period, commune, criterion number."""
    parts = []
    for set_id, rows in counts.groupby("set_id", sort=True):
        in_set = criteria[criteria["set_id"] == set_id].sort_values("number")
        if rows.empty or in_set.empty:
            continue
        numbers = in_set["number"].to_numpy(dtype=np.int64)
        shift = numbers - 1
        assessed = (rows["assessed_mask"].to_numpy(dtype=np.int64)[:, None] >> shift) & 1 == 1
        met = (rows["met_mask"].to_numpy(dtype=np.int64)[:, None] >> shift) & 1 == 1
        row_at, crit_at = np.nonzero(assessed)  # row-major: each commune-month's criteria in order
        parts.append(pd.DataFrame({
            "commune_code": rows["commune_code"].to_numpy()[row_at],
            "period": rows["period"].to_numpy()[row_at],
            "criterion_key": in_set["key"].to_numpy()[crit_at],
            "criterion_number": numbers[crit_at],
            "set_id": set_id,
            "met": met[row_at, crit_at],
        }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            ROW_COLUMNS, ["object", "object", "object", "int64", "object", "bool"])})
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["period", "commune_code", "criterion_number"], ignore_index=True)
