"""Communes that gained or lost criteria between two moments (two frozen meetings)."""
from __future__ import annotations

import pandas as pd


def changes_between(before: pd.DataFrame, after: pd.DataFrame, *, before_period: str, after_period: str) -> pd.DataFrame:
    """Per commune: criteria met before and after, the change, and the criterion keys gained and lost.

    `before`/`after` are status frames (commune_code, period, criterion_key, met), each read as
    recorded at its own moment. Only communes whose set of met criteria changed are returned,
    largest gain first."""
    def met(frame: pd.DataFrame, period: str) -> dict[str, set[str]]:
        month = frame[(frame["period"] == period) & frame["met"]]
        return month.groupby("commune_code")["criterion_key"].apply(set).to_dict()

    a, b = met(before, before_period), met(after, after_period)
    codes = set(before.loc[before["period"] == before_period, "commune_code"]) | set(
        after.loc[after["period"] == after_period, "commune_code"])
    rows = []
    for code in sorted(codes):
        old, new = a.get(code, set()), b.get(code, set())
        if old == new:
            continue
        rows.append({"commune_code": code, "before": len(old), "after": len(new), "change": len(new) - len(old),
                     "gained": sorted(new - old), "lost": sorted(old - new)})
    out = pd.DataFrame(rows, columns=["commune_code", "before", "after", "change", "gained", "lost"])
    return out.sort_values(["change", "commune_code"], ascending=[False, True], ignore_index=True)
