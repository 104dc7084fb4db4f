"""What a page shows, as strings, from an AppTest run: every text-bearing field of every element
(labels, help, options, captions, markdown, metrics, table cells, tab and expander labels), not
the CSS and scripts the page injects (st.html). Used by the language sweep (test_language_app)."""
from __future__ import annotations

import unicodedata

import pandas as pd
from google.protobuf.message import Message

SKIPPED_FIELDS = {"id", "key", "form_id", "icon", "type", "page_script_hash", "page", "url_path", "url", "src", "mime", "file_id",
                  "data", "spec", "json", "theme", "css", "html", "arrow_data", "selection_mode", "format"}
SKIPPED_NODES = {"html", "deck_gl_json_chart", "arrow_vega_lite_chart", "vega_lite_chart", "plotly_chart", "json",
                 "iframe", "download_button_data"}


def _repeated(field) -> bool:
    label = getattr(field, "label", None)
    return label is not None and label == getattr(field, "LABEL_REPEATED", 3)


def _proto_strings(msg: Message, out: list[str]) -> None:
    for field, value in msg.ListFields():
        if field.name in SKIPPED_FIELDS:
            continue
        items = list(value) if getattr(field, "is_repeated", False) or _repeated(field) else [value]
        if field.type == field.TYPE_STRING:
            out.extend(v for v in items if isinstance(v, str))
        elif field.type == field.TYPE_MESSAGE:
            for item in items:
                if isinstance(item, Message):
                    _proto_strings(item, out)


def page_strings(at, skip_labels: tuple[str, ...] = ()) -> list[str]:
    """All strings the page shows (the sidebar included), but not inside an expander or tab
    whose label is in `skip_labels` (the report's preview, Vietnamese in both languages)."""
    out: list[str] = []
    for node in _walk(at._tree, skip_labels):
        kind = getattr(node, "type", "")
        if kind in SKIPPED_NODES:
            continue
        if kind in ("dataframe", "table", "arrow_data_frame", "arrow_table"):
            out.extend(_frame_strings(node.value))
            continue
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            _proto_strings(proto, out)
    return [s for s in out if s and s.strip()]


def _frame_strings(df: pd.DataFrame) -> list[str]:
    """Cells and headers; boolean columns are drawn as check boxes, not as words."""
    shown = df[[c for c in df.columns if not pd.api.types.is_bool_dtype(df[c])]]
    cells = [str(v) for v in shown.astype(str).to_numpy().ravel()]
    names = [str(c) for c in df.columns] + [str(i) for i in df.index] + [str(df.index.name or "")]
    return cells + names


def _walk(node, skip_labels: tuple[str, ...] = ()):
    if skip_labels and getattr(node, "label", None) in skip_labels:
        return
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child, skip_labels)


VIETNAMESE_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯ")


def vietnamese_words(text: str) -> list[str]:
    """Words holding a Vietnamese-only letter or a tone mark (NFD: a combining mark on a letter)."""
    found = []
    for word in text.split():
        nfd = unicodedata.normalize("NFD", word)
        if any(ch in VIETNAMESE_ONLY for ch in word) or any(unicodedata.combining(ch) for ch in nfd):
            found.append(word)
    return found


def chart_strings(at) -> list[str]:
    """Titles, axis titles, trace names and annotations of the page's Plotly charts."""
    import json
    out: list[str] = []
    for node in _walk(at._tree):
        if getattr(node, "type", "") != "plotly_chart":
            continue
        spec = json.loads(node.proto.spec or "{}")
        layout = spec.get("layout", {})
        for part in [layout] + [v for k, v in layout.items() if k.startswith(("xaxis", "yaxis")) and isinstance(v, dict)]:
            title = part.get("title")
            out.append(title.get("text", "") if isinstance(title, dict) else str(title or ""))
        out += [str(a.get("text", "")) for a in layout.get("annotations", [])]
        out += [str(t.get("name", "")) for t in spec.get("data", []) if t.get("showlegend", True) is not False]
    return [s for s in out if s.strip()]


def stored_as_written(engine) -> list[str]:
    """Strings the database holds in Vietnamese only, which a page shows as stored in either
    language: names (communes, districts, agencies, people's titles), the programme's wording and
    what people typed (notes, reasons, findings). A column with an English twin (`x_vi` beside
    `x_en`) is not here: its English must be shown. Authors (`*_by`) are not here either: the
    sample's author is a word, translated. Longest first, so that removing them is greedy."""
    from sqlalchemy import MetaData, String, Text, select

    meta = MetaData()
    meta.reflect(engine)
    found: set[str] = set()
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            names = set(table.columns.keys())
            for col in table.columns:
                if not isinstance(col.type, (String, Text)) or col.name.endswith("_by") or col.name in (
                        "username", "key", "code", "value", "old_value", "new_value", "password_hash", "token_hash"):
                    continue
                if col.name.endswith("_vi") and col.name[:-3] + "_en" in names:
                    continue
                if table.name in ("criteria_set", "criteria_sets", "unit_group", "unit_groups"):
                    continue
                found.update(v for v in conn.execute(select(col).distinct()).scalars() if isinstance(v, str) and v)
    return sorted(found, key=len, reverse=True)


def allowed_pattern(phrases: list[str]):
    """One regex matching any allowed phrase as whole words (longest first); phrases shorter than
    three characters are left out (they would match inside words)."""
    import re

    kept = sorted({p.strip() for p in phrases if len(p.strip()) >= 3}, key=len, reverse=True)
    return re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in kept))


def leftover(text: str, pattern) -> str:
    """The text without the allowed phrases and links."""
    import re

    return pattern.sub(" ", re.sub(r"https?://\S+", " ", text))
