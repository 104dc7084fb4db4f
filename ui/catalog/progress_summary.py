"""Strings of the targets' summary table (the briefing's targets slide)."""

VI = {
    "progress.summary.target": "Mục tiêu theo Chương trình",
    "progress.summary.deadline": "Thời hạn",
    "progress.summary.value": "Hiện nay",
    "progress.summary.status": "Đánh giá",
    "progress.summary.forecast": "Dự báo",
}

EN = {
    "progress.summary.target": "Programme target",
    "progress.summary.deadline": "Deadline",
    "progress.summary.value": "Now",
    "progress.summary.status": "Assessment",
    "progress.summary.forecast": "Forecast",
}
