"""Translation catalogues. Vietnamese first; English behind ?lang=en.

Each module in ui/catalog/ holds the strings of one page or concern as two dicts, VI and EN;
they are merged here. A test checks that both languages have the same keys everywhere.
"""
from __future__ import annotations

import importlib
import pkgutil

from ui import catalog as _catalog_pkg

LANGS = ("vi", "en")


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {"vi": {}, "en": {}}
    for info in sorted(pkgutil.iter_modules(_catalog_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"ui.catalog.{info.name}")
        for lang, table in (("vi", module.VI), ("en", module.EN)):
            clash = set(table) & set(merged[lang])
            if clash:
                raise ValueError(f"ui/catalog/{info.name}.py repeats keys {sorted(clash)}")
            merged[lang].update(table)
    return merged


CATALOG = _load()


def translate(key: str, lang: str = "vi", **kwargs: object) -> str:
    """The string for `key` in `lang`; a missing key shows itself (and fails the catalogue test)."""
    text = CATALOG.get(lang, CATALOG["vi"]).get(key) or CATALOG["vi"].get(key) or key
    return text.format(**kwargs) if kwargs else text
