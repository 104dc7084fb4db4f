"""A domain phrase (domain/phrase.py: a catalogue key and typed values) in the page's language."""
from __future__ import annotations

from datetime import date

from domain.months import Month
from domain.phrase import Communes, Percent, Phrase
from ui.formatting import fmt_date, fmt_number, fmt_percent


def phrase_text(ctx, phrase: Phrase) -> str:
    """A domain phrase in the page's language, its values formatted the Vietnamese (or English) way."""
    values = {}
    for name, v in phrase.values.items():
        if isinstance(v, Phrase):
            values[name] = phrase_text(ctx, v)
        elif isinstance(v, Communes):
            values[name] = ctx.nt("target.communes", v, count=fmt_number(v, 0, ctx.lang))
        elif isinstance(v, Percent):
            values[name] = fmt_percent(v, 2, ctx.lang)
        elif isinstance(v, Month):
            values[name] = v.label(ctx.lang)
        elif isinstance(v, date):
            values[name] = fmt_date(v, ctx.lang)
        elif isinstance(v, (int, float)):
            values[name] = fmt_number(v, 0, ctx.lang)
        else:
            values[name] = str(v)
    return ctx.t(phrase.key, **values) if phrase.n is None else ctx.nt(phrase.key, phrase.n, **values)
