"""Who recorded a row, when it is not a person with an account: the names every layer agrees on.

`recorded_by` (and the audit log's `username`) hold an account's name, or one of these: the sample
generator writes SAMPLE_AUTHOR on every row it adds, and the command line acts as
OPERATOR_PREFIX + the system user. Readers show them as words in the page's language.
"""
from __future__ import annotations

SAMPLE_AUTHOR = "dữ liệu mẫu"
OPERATOR_PREFIX = "cli:"
