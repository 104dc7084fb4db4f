"""Messages for refusals and validation errors of data_access, in Vietnamese and English.

They are shown by the pages and printed by the command line, so they live beside the code that
raises them (an error carries a code and parameters; this turns it into a sentence).
"""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "vi": {
        "auth.failed": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "auth.locked": "Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau {minutes} phút.",
        "auth.disabled": "Tài khoản đã bị vô hiệu hóa.",
        "auth.password_short": "Mật khẩu phải có ít nhất {min} ký tự.",
        "auth.username_empty": "Tên đăng nhập không được để trống.",
        "auth.bad_role": "Vai trò “{role}” không hợp lệ (viewer, editor, admin).",
        "auth.bad_district": "Không có huyện mã “{district}”.",
        "auth.user_exists": "Tài khoản “{username}” đã có.",
        "auth.no_user": "Không có tài khoản “{username}”.",
        "perm.read_only": "Bạn không có quyền sửa dữ liệu (chỉ được xem).",
        "perm.admin_only": "Chỉ quản trị viên được làm việc này.",
        "perm.other_district": "Xã {commune} không thuộc huyện {district} mà bạn được phân công.",
        "edit.bad_period": "Kỳ “{period}” không hợp lệ (dạng YYYY-MM).",
        "edit.unknown_commune": "Không có xã mã “{commune}”.",
        "edit.not_assessed": "Đơn vị {commune} là phường hoặc thị trấn, không đánh giá tiêu chí NTM.",
        "edit.criterion_not_in_force": "Tiêu chí {criterion} không thuộc bộ tiêu chí áp dụng cho kỳ {period}.",
        "edit.bad_indicator": "Chỉ tiêu không thuộc tiêu chí {criterion}.",
        "edit.duplicate": "Xã {commune}, tiêu chí {criterion} được sửa hai lần trong cùng một lần lưu.",
        "edit.conflict": "{count} bản ghi đã được người khác lưu sau khi bạn mở; chưa có gì được ghi đè.",
        "file.too_big": "Tệp quá lớn ({size} KB); tối đa {limit} KB.",
        "file.not_xlsx": "Tệp không phải là tệp Excel .xlsx đọc được.",
        "file.no_sheet": "Không tìm thấy trang tính “{sheet}” trong tệp.",
        "file.bad_period": "Ô B2 phải ghi kỳ đánh giá dạng YYYY-MM (đang là “{value}”).",
        "file.bad_columns": "Các cột không đúng mẫu: {detail}.",
        "file.empty": "Tệp không có dòng dữ liệu nào.",
        "row.unknown_code": "Dòng {row}: không có xã mã “{code}”.",
        "row.not_assessed": "Dòng {row}: {code} là phường hoặc thị trấn, không đánh giá tiêu chí NTM.",
        "row.other_district": "Dòng {row}: xã {code} không thuộc huyện bạn được phân công.",
        "row.bad_value": "Dòng {row}, cột {column}: giá trị “{value}” không hợp lệ (Đạt / Chưa đạt / để trống).",
        "row.duplicate": "Dòng {row}: xã {code} đã có ở dòng {first}.",
        "cli.errors": "{count} lỗi; không có gì được ghi vào cơ sở dữ liệu.",
        "cli.applied": "Đã lưu {count} thay đổi (kỳ {period}).",
        "cli.nothing": "Tệp không có thay đổi nào so với cơ sở dữ liệu.",
    },
    "en": {
        "auth.failed": "Wrong user name or password.",
        "auth.locked": "The account is locked after repeated failed logins; try again in {minutes} minutes.",
        "auth.disabled": "The account is disabled.",
        "auth.password_short": "The password needs at least {min} characters.",
        "auth.username_empty": "The user name cannot be empty.",
        "auth.bad_role": "Role “{role}” is not valid (viewer, editor, admin).",
        "auth.bad_district": "There is no district with code “{district}”.",
        "auth.user_exists": "Account “{username}” already exists.",
        "auth.no_user": "There is no account “{username}”.",
        "perm.read_only": "You may not change data (read only).",
        "perm.admin_only": "Only an administrator may do this.",
        "perm.other_district": "Commune {commune} is not in district {district}, which you are assigned to.",
        "edit.bad_period": "Period “{period}” is not valid (YYYY-MM).",
        "edit.unknown_commune": "There is no commune with code “{commune}”.",
        "edit.not_assessed": "Unit {commune} is a ward or town; it is not assessed against NTM criteria.",
        "edit.criterion_not_in_force": "Criterion {criterion} is not in the set in force for {period}.",
        "edit.bad_indicator": "The indicator does not belong to criterion {criterion}.",
        "edit.duplicate": "Commune {commune}, criterion {criterion} is edited twice in one save.",
        "edit.conflict": "{count} record(s) were saved by someone else after you opened them; nothing was overwritten.",
        "file.too_big": "The file is too big ({size} KB); at most {limit} KB.",
        "file.not_xlsx": "The file is not a readable Excel .xlsx file.",
        "file.no_sheet": "Sheet “{sheet}” was not found in the file.",
        "file.bad_period": "Cell B2 must hold the period as YYYY-MM (it holds “{value}”).",
        "file.bad_columns": "The columns do not follow the template: {detail}.",
        "file.empty": "The file has no data rows.",
        "row.unknown_code": "Row {row}: there is no commune with code “{code}”.",
        "row.not_assessed": "Row {row}: {code} is a ward or town; it is not assessed.",
        "row.other_district": "Row {row}: commune {code} is not in your district.",
        "row.bad_value": "Row {row}, column {column}: value “{value}” is not valid (Đạt / Chưa đạt / empty).",
        "row.duplicate": "Row {row}: commune {code} is already on row {first}.",
        "cli.errors": "{count} error(s); nothing was written to the database.",
        "cli.applied": "{count} change(s) saved (period {period}).",
        "cli.nothing": "The file changes nothing in the database.",
    },
}


def message(key: str, lang: str = "vi", /, **params: object) -> str:
    text = MESSAGES.get(lang, MESSAGES["vi"]).get(key) or MESSAGES["vi"].get(key) or key
    return text.format(**params) if params else text


def explain(exc: Exception, lang: str = "vi") -> str:
    """The sentence for an error that carries `code` and `params` (AuthError, PermissionDenied …)."""
    return message(getattr(exc, "code", str(exc)), lang, **getattr(exc, "params", {}))
