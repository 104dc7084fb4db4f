"""The one translation mechanism: gettext catalogues, Vietnamese first, English behind ?lang=en.

The pages, the data layer's refusals, the command line and its help all read
`i18n/locale/<lang>/LC_MESSAGES/ntm.po`. Message ids are keys ("map.title"), so a call site names
what it shows, not a sentence; placeholders are `str.format` fields ("{count}"). The .po files are
the source: they are read with Babel and compiled in memory when this module is first imported
(a few milliseconds), so nothing generated is committed and no build step runs before the app or
the tests. Plural forms come from each catalogue's header: Vietnamese has one form, English two.

`domain/` and `geo/` never import this: they return keys and values, which `ui/` (or the command
line) translates. tests/unit/test_i18n_keys.py reads the code and fails on a key that is missing, a
key that nothing uses, and placeholders that differ between the languages.
"""
from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGS = ("vi", "en")
DOMAIN = "ntm"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def _compile(catalog: Catalog) -> gettext.GNUTranslations:
    mo = BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def _load() -> tuple[dict[str, gettext.GNUTranslations], frozenset[str]]:
    catalogues = {lang: read_catalogue(lang) for lang in LANGS}
    loaded = {lang: _compile(c) for lang, c in catalogues.items()}
    for lang in LANGS[1:]:
        loaded[lang].add_fallback(loaded["vi"])  # a string not yet translated shows in Vietnamese
    return loaded, frozenset(m.id[0] for m in catalogues["vi"] if m.id and m.pluralizable)


_TRANSLATIONS, PLURAL_KEYS = _load()


def _catalogue(lang: str) -> gettext.GNUTranslations:
    return _TRANSLATIONS.get(lang, _TRANSLATIONS["vi"])


def translate(key: str, /, lang: str = "vi", **kwargs: object) -> str:
    """The string for `key` in `lang`; a missing key shows itself (and fails the key test)."""
    text = _catalogue(lang).gettext(key)
    return text.format(**kwargs) if kwargs else text


def ntranslate(key: str, n: int, /, lang: str = "vi", **kwargs: object) -> str:
    """The plural form of `key` that fits the number `n` ("1 commune", "2 communes"; Vietnamese
    has one form). `n` only chooses the form: pass the formatted number as a placeholder."""
    if key not in PLURAL_KEYS:  # gettext would show the key; the key test reports the call
        return translate(key, lang, **kwargs)
    text = _catalogue(lang).ngettext(key, key, int(n))
    return text.format(**kwargs) if kwargs else text


def explain(exc: object, lang: str = "vi") -> str:
    """The sentence for an error that carries `code` and `params` (AuthError, PermissionDenied, a
    row error of an Excel file …). A code with plural forms takes its number from `params["count"]`."""
    code, params = getattr(exc, "code", str(exc)), getattr(exc, "params", {})
    if code in PLURAL_KEYS:
        return ntranslate(code, params["count"], lang, **params)
    return translate(code, lang, **params)
