import re

from data_access.messages import MESSAGES, explain, message
from data_access.permissions import PermissionDenied


def test_both_languages_have_the_same_messages_and_placeholders():
    assert set(MESSAGES["vi"]) == set(MESSAGES["en"])
    for key, vi in MESSAGES["vi"].items():
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", MESSAGES["en"][key])), key


def test_messages_with_parameters():
    assert message("row.unknown_code", "vi", row=7, code="99999") == "Dòng 7: không có xã mã “99999”."
    assert explain(PermissionDenied("perm.other_district", commune="30310", district="886"), "en") == (
        "Commune 30310 is not in district 886, which you are assigned to.")


def test_the_command_line_help_is_in_vietnamese_unless_english_is_asked_for():
    from data_access.cli import HELP_VI, build_parser
    vi, en = build_parser("vi").format_help(), build_parser("en").format_help()
    assert "công cụ cơ sở dữ liệu" in vi and "database tools" not in vi
    assert "database tools" in en and "công cụ" not in en
    user_vi = build_parser("vi")._subparsers._group_actions[0].choices["user"].format_help()
    assert "đọc mật khẩu từ dòng đầu" in user_vi
    assert all(HELP_VI.values())
