"""Strings of logging in and out, and of page access."""

VI = {
    "auth.login_title": "Đăng nhập",
    "auth.login_needed": "Trang này cần đăng nhập.",
    "auth.username": "Tên đăng nhập",
    "auth.password": "Mật khẩu",
    "auth.submit": "Đăng nhập",
    "auth.logout": "Đăng xuất",
    "auth.signed_in": "Đang đăng nhập: **{name}** ({role})",
    "auth.role.viewer": "người xem",
    "auth.role.editor": "cán bộ nhập liệu",
    "auth.role.editor_district": "cán bộ nhập liệu, huyện {district}",
    "auth.role.admin": "quản trị viên",
    "auth.forbidden_editor": "Trang này dành cho người nhập liệu (cán bộ nhập liệu, quản trị viên). "
                             "Tài khoản của bạn chỉ được xem.",
    "auth.forbidden_admin": "Trang này chỉ dành cho quản trị viên.",
    "auth.no_accounts": "Chưa có tài khoản nào. Quản trị viên tạo tài khoản đầu tiên bằng lệnh: "
                        "`python -m data_access user add TEN --role admin`.",
    "auth.login_link": "Đăng nhập để nhập liệu",
    "auth.session_ended": "Phiên đăng nhập trước đã kết thúc (đăng xuất, hết hạn, hoặc tài khoản "
                          "đã thay đổi); hãy đăng nhập lại.",
    "auth.kept_note": "Đăng nhập được giữ trên trình duyệt này (hết hạn sau 8 giờ không dùng, "
                      "tối đa 7 ngày). Trên máy dùng chung, hãy bấm Đăng xuất khi xong việc.",
}

EN = {
    "auth.login_title": "Log in",
    "auth.login_needed": "This page needs a login.",
    "auth.username": "User name",
    "auth.password": "Password",
    "auth.submit": "Log in",
    "auth.logout": "Log out",
    "auth.signed_in": "Logged in: **{name}** ({role})",
    "auth.role.viewer": "viewer",
    "auth.role.editor": "data-entry officer",
    "auth.role.editor_district": "data-entry officer, district {district}",
    "auth.role.admin": "administrator",
    "auth.forbidden_editor": "This page is for data entry (data-entry officers, administrators). Your account may only read.",
    "auth.forbidden_admin": "This page is for administrators only.",
    "auth.no_accounts": "There are no accounts yet. An administrator creates the first one with: "
                        "`python -m data_access user add NAME --role admin`.",
    "auth.login_link": "Log in to enter data",
    "auth.session_ended": "Your earlier login has ended (logged out, expired, or the account changed); "
                          "please log in again.",
    "auth.kept_note": "The login is kept in this browser (it ends after 8 hours unused, "
                      "7 days at most). On a shared computer, log out when you are done.",
}
