"""Text people typed, shown as text: Streamlit renders Markdown (with images, formulas, colour
directives and emoji shortcodes) in st.markdown, st.caption, st.info … and in every cell of
st.table, so anything a person typed is escaped before it reaches one of them.

`md(text)` escapes one piece of text; `table(frame)` escapes every text cell, header and index
of a frame for st.table. st.dataframe draws plain text and needs neither.
"""
from __future__ import annotations

import re

import pandas as pd

# Characters that start Markdown anywhere: emphasis, code, links and images ([ ]), HTML and
# autolinks (<), math ($), strikethrough (~), table cells (|), escapes (\\); a colon before a
# letter or a slash starts Streamlit's :colour[…] and :material/…: directives, emoji shortcodes
# and URL schemes; "&name;" is an entity; "www." an autolink.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]<$~|])|:(?=[A-Za-z/])|&(?=#?\w+;)|(?<=www)\.", re.IGNORECASE)
# Characters that start a block at the beginning of a line: heading, quote, list, rule, setext.
_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=\s)|[-=]+(?=\s*$)|\d+[.)](?=\s|$))", re.MULTILINE)


# GFM turns bare addresses into links after parsing (escapes do not stop it): an invisible word
# joiner (U+2060) inside "://", after "www" and after "@" keeps them text.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\\?\.)|(?<=\w@)(?=\w)", re.IGNORECASE)


def md(text: object) -> str:
    """`text` escaped for any Streamlit element that renders Markdown, so it shows as typed
    (backslash escapes and the word joiner are invisible). Line breaks are kept; None and NaN
    give ""."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    escaped = _ANYWHERE.sub(lambda m: "\\" + m.group(0), str(text))
    escaped = _LINE_START.sub(_escape_block, escaped)
    escaped = _AUTOLINK.sub(JOINER, escaped)
    # A line break inside a table cell or a caption: Markdown's hard break (two spaces).
    return "  \n".join(escaped.splitlines()) if "\n" in escaped else escaped


def _escape_block(m: re.Match) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark[0].isdigit():  # "1. " or "1) " starts a numbered list: escape the dot or parenthesis
        return lead + mark[:-1] + "\\" + mark[-1]
    return lead + "\\" + mark


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
