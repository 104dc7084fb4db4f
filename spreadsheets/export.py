"""Tables that `python -m data_access export` writes, as DataFrames with stable column names."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from data_access import queries
from data_access.tasks import queries as task_queries


def _communes(*, session: Session) -> pd.DataFrame:
    df = queries.communes(session=session)
    df["population_2009"] = df["population_2009"].astype("Int64")
    return df.rename(columns={"code": "gso_code"})[
        ["gso_code", "name", "type", "district_code", "district_name", "assessed", "area_km2", "population_2009"]
    ]


def _assessments(*, session: Session, period: str | None = None) -> pd.DataFrame:
    df = queries.status(session=session, periods=[period] if period else None)
    names = queries.communes(session=session).set_index("code")["name"]
    df.insert(1, "commune_name", df["commune_code"].map(names))
    return df


def _groups(*, session: Session) -> pd.DataFrame:
    rows = [(g, c) for g, members in sorted(queries.groups(session=session).items()) for c in sorted(members)]
    return pd.DataFrame(rows, columns=["group_key", "commune_code"])


TABLES = {
    "communes": _communes,
    "districts": queries.districts,
    "criteria-sets": queries.criteria_sets,
    "criteria": queries.criteria,
    "indicators": queries.indicators,
    "targets": queries.targets,
    "groups": _groups,
    "assessments": _assessments,
    "tasks": task_queries.export_tasks,
}


def export_table(*, session: Session, table: str, period: str | None = None) -> pd.DataFrame:
    if table not in TABLES:
        raise KeyError(table)
    if table == "assessments":
        return _assessments(session=session, period=period)
    return TABLES[table](session=session)


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Counts written as counts: a float column whose values are all whole (17.0, a NaN for a
    missing value) becomes an integer column, so CSV says "17" and Excel gets the number 17; in a
    column of mixed values each whole one is written as an integer (98, 0.5); an object column of
    Python numbers (with None) becomes numeric too."""
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object:
            present = values.dropna()
            if len(present) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
                values = pd.to_numeric(values)
            else:
                continue
        if pd.api.types.is_float_dtype(values):
            present = values.dropna()
            if len(present) and (present == present.round()).all():
                values = values.round().astype("Int64")
            elif (present == present.round()).any():  # thresholds 98 and 0.5 side by side: each as it is
                values = pd.Series([None if pd.isna(v) else int(v) if float(v).is_integer() else float(v)
                                    for v in values], index=values.index, dtype=object)
        out[column] = values
    return out


def csv_bytes(df: pd.DataFrame, bom: bool = False) -> bytes:
    """The CSV of `df` with its numbers typed (see `typed`); with a BOM for spreadsheet programs."""
    return typed(df).to_csv(index=False).encode("utf-8-sig" if bom else "utf-8")


def write(df: pd.DataFrame, fmt: str, out: Path | None) -> bytes | None:
    """CSV (UTF-8) or xlsx; to `out` when given, else the bytes (CSV to standard output). Whole
    numbers are written as integers in both (see `typed`)."""
    df = typed(df)
    if fmt == "csv":
        text = df.to_csv(index=False)
        if out is None:
            return text.encode("utf-8")
        out.write_text(text, encoding="utf-8")
        return None
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name="data")
    if out is None:
        return buffer.getvalue()
    out.write_bytes(buffer.getvalue())
    return None
