"""Strings of the commune profile's change history."""

VI = {
    "commune.audit_title": "Lịch sử thay đổi số liệu của xã",
    "commune.audit_none": "Chưa có thay đổi nào được nhập cho xã này (số liệu hiện có là bản ghi ban đầu).",
    "commune.audit_at": "Thời điểm",
    "commune.audit_who": "Người sửa",
    "commune.audit_what": "Kỳ / tiêu chí",
    "commune.audit_old": "Cũ",
    "commune.audit_new": "Mới",
}

EN = {
    "commune.audit_title": "Change history of the commune's figures",
    "commune.audit_none": "No change has been entered for this commune (the figures are the first records).",
    "commune.audit_at": "When",
    "commune.audit_who": "By",
    "commune.audit_what": "Period / criterion",
    "commune.audit_old": "Old",
    "commune.audit_new": "New",
}
