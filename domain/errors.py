"""The error every refusal raises: a catalogue key (`code`) and its parameters, never a sentence;
`i18n.explain` makes the sentence in the person's language (docs/architecture.md, the write path)."""
from __future__ import annotations


class CodedError(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params
