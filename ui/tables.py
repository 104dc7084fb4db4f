"""Tables as shown on the page (formatted, translated headers) and their CSV download.

The CSV holds exactly the shown table, so a browser test or a user gets the same figures.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from spreadsheets.export import csv_bytes
from ui.formatting import fmt_number, fmt_signed


def district_table(by_district: pd.DataFrame, ctx, typed: bool = False) -> pd.DataFrame:
    """As shown (numbers formatted in the reader's language) or, `typed`, as downloaded (numbers as
    numbers: counts as integers, averages rounded to two decimals)."""
    lang = ctx.lang
    if typed:
        return pd.DataFrame([
            {
                ctx.t("col.district_code"): r.district_code,
                ctx.t("col.district"): r.district_name if r.district_code else ctx.t("col.total"),
                ctx.t("col.communes"): _int(r.communes),
                ctx.t("col.standard"): _int(r.standard),
                ctx.t("col.average"): _round(r.average_met),
                ctx.t("col.min"): _int(r.min_met),
                ctx.t("col.max"): _int(r.max_met),
                ctx.t("col.average_change"): _round(r.average_change),
            }
            for r in by_district.itertuples()
        ])
    rows = [
        {
            ctx.t("col.district_code"): r.district_code,
            ctx.t("col.district"): r.district_name if r.district_code else ctx.t("col.total"),
            ctx.t("col.communes"): fmt_number(r.communes, 0, lang),
            ctx.t("col.standard"): fmt_number(r.standard, 0, lang),
            ctx.t("col.average"): fmt_number(r.average_met, 2, lang),
            ctx.t("col.min"): fmt_number(r.min_met, 0, lang),
            ctx.t("col.max"): fmt_number(r.max_met, 0, lang),
            ctx.t("col.average_change"): fmt_signed(r.average_change, 2, lang),
        }
        for r in by_district.itertuples()
    ]
    return pd.DataFrame(rows)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _round(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def csv_download(table: pd.DataFrame, filename: str, label: str, data: pd.DataFrame | None = None) -> None:
    """`data`: the same rows with numbers as numbers, when the shown table formats them as text
    (a spreadsheet must not read "11/19" as a date or "14,16" as text). UTF-8 with BOM so Excel
    opens the Vietnamese text correctly."""
    payload = csv_bytes(table if data is None else data, bom=True)
    st.download_button(label, payload, file_name=filename, mime="text/csv", icon=":material/download:")
