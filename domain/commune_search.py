"""Find a commune by a name typed with or without diacritics.

Vietnamese names are typed in many ways: without any marks ("Vinh Hoa"), with the tone mark on
either vowel of oa/oe/uy ("Hoà" and "Hòa" are the same name; the shipped data has both), or
with some marks missing. Matching is per word:

- a query word typed without marks matches any word with the same letters ("hoa" finds Hòa,
  Hoà, Hóa, Hoa);
- a query word typed with marks must agree in its letters (ă, â, ê, ô, ơ, ư, đ) and its tone,
  wherever the tone mark sits ("Hoà" finds Hòa, not Hóa).
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, every mark removed, đ → d: "Vĩnh Hòa" → "vinh hoa"."""
    decomposed = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain))


def canonical_word(word: str) -> str:
    """A word with its tone mark moved to the end: "hoà" and "hòa" both give "hoa\u0300".

    Letter marks (circumflex, breve, horn) stay on their letters; only the tone, which the two
    spelling conventions place differently, is taken off and appended.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    letters = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return letters + "".join(tones)


def has_marks(word: str) -> bool:
    return fold(word) != " ".join(_WORD.findall(word.lower()))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", str(text)).lower())


def _word_matches(query_word: str, name_word: str, prefix: bool) -> bool:
    if has_marks(query_word):
        q, n = canonical_word(query_word), canonical_word(name_word)
        if not prefix:
            return q == n
        # A tone typed on a word still being typed: compare letters by prefix, tone exactly.
        q_letters, q_tone = q.rstrip("".join(_TONES)), q[len(q.rstrip("".join(_TONES))):]
        n_letters, n_tone = n.rstrip("".join(_TONES)), n[len(n.rstrip("".join(_TONES))):]
        return n_letters.startswith(q_letters) and (not q_tone or q_tone == n_tone)
    q, n = fold(query_word), fold(name_word)
    return n.startswith(q) if prefix else q == n


def match_score(query: str, name: str) -> int | None:
    """How well `name` matches `query` (lower is better), or None for no match.

    0: the whole name, word for word; 1: the name starts with the query; 2: the query's words
    appear consecutively inside the name. The last query word may be unfinished (a prefix).
    """
    q, n = _words(query), _words(name)
    if not q or len(q) > len(n):
        return None
    for start in range(len(n) - len(q) + 1):
        window = n[start:start + len(q)]
        ok = all(_word_matches(qw, nw, prefix=(i == len(q) - 1)) for i, (qw, nw) in enumerate(zip(q, window)))
        if ok:
            exact = len(q) == len(n) and _word_matches(q[-1], n[-1], prefix=False)
            return 0 if exact else 1 if start == 0 else 2
    return None


def search_communes(communes: pd.DataFrame, query: str, *, assessed_only: bool = True,
                    limit: int | None = 20) -> pd.DataFrame:
    """Communes whose name matches `query`, best first (then by name and code).

    `communes` needs code and name (and `assessed` when `assessed_only`). An empty query gives
    no rows.
    """
    pool = communes[communes["assessed"].astype(bool)] if assessed_only else communes
    scores = [match_score(query, name) for name in pool["name"]]
    hits = pool.assign(score=scores)
    hits = hits[hits["score"].notna()].copy()
    hits["score"] = hits["score"].astype(int)
    hits["_folded"] = hits["name"].map(fold)
    hits = hits.sort_values(["score", "_folded", "code"]).drop(columns="_folded").reset_index(drop=True)
    return hits if limit is None else hits.head(limit)
