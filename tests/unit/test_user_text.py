"""Text people type: control characters out, NFC, bounded."""
import pytest

from domain.user_text import NOTE_LIMIT, TextError, clean_user_text


def test_control_characters_are_removed_and_line_breaks_kept():
    assert clean_user_text("a\x00b\x07c\r\nd\te") == "abc\nd\te"


def test_empty_is_none_and_spaces_are_trimmed():
    assert clean_user_text("  \x00 ") is None and clean_user_text(None) is None
    assert clean_user_text("  ghi chú ") == "ghi chú"


def test_two_spellings_of_one_letter_are_stored_as_one():
    assert clean_user_text("Ho\u0300a") == "Hòa"  # o + combining grave → ò


def test_the_limit_counts_characters_and_says_both_numbers():
    assert clean_user_text("ạ" * NOTE_LIMIT) == "ạ" * NOTE_LIMIT
    with pytest.raises(TextError) as exc:
        clean_user_text("ạ" * (NOTE_LIMIT + 1))
    assert exc.value.code == "text.too_long"
    assert exc.value.params == {"field": "note", "length": NOTE_LIMIT + 1, "limit": NOTE_LIMIT}

