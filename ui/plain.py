"""Text people typed, shown as text: Streamlit renders Markdown (with images, formulas, colour
directives and emoji shortcodes) in st.markdown, st.caption, st.info … and in every cell of
st.table, so anything a person typed is escaped before it reaches one of them.

`md(text)` escapes one piece of text; `table(frame)` escapes every text cell, header and index
of a frame for st.table. st.dataframe draws plain text and needs neither.
"""
from __future__ import annotations

import re

import pandas as pd

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of those
# that start something (emphasis, links, images, HTML, math, tables, directives, lists, headings,
# autolinks) leaves the text as typed.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$~:=&\"'^])")


def md(text: object) -> str:
    """`text` escaped for any Streamlit element that renders Markdown. Line breaks are kept as
    breaks; None and NaN give an empty string."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    # A line break inside a table cell or a caption: Markdown's hard break (two spaces).
    return "  \n".join(escaped.splitlines()) if "\n" in escaped else escaped


def _cell(value: object) -> object:
    return md(value) if isinstance(value, str) else value


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell, column name and index label escaped, ready for
    st.table (style it afterwards, with the escaped column names)."""
    out = frame.map(_cell)
    out.columns = [md(c) if isinstance(c, str) else c for c in frame.columns]
    out.index = pd.Index([md(i) if isinstance(i, str) else i for i in frame.index], name=(
        md(frame.index.name) if isinstance(frame.index.name, str) else frame.index.name))
    return out
