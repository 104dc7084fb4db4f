"""Strings of the periodic report section ("Tạo báo cáo", on /tasks). The report itself is
Vietnamese only (reports.text)."""

VI = {
    'report.title': 'Tạo báo cáo',
    'report.caption': 'Báo cáo quý, 6 tháng, năm của Văn phòng Điều phối gửi TT. Ban Chỉ đạo tỉnh và UBND tỉnh '
                      '(Chương trình công tác, mục II.2: nêu rõ việc đã hoàn thành, chưa hoàn thành và nguyên nhân): '
                      'tệp Word theo thể thức văn bản hành chính và phụ lục Excel. Toàn tỉnh, không theo bộ lọc của trang.',
    'report.period': 'Kỳ báo cáo',
    'report.period_help': 'Các kỳ đã kết thúc (đến ngày xem của trang) và có số liệu tiêu chí đủ các tháng. '
                          'Cuối tháng 6 là báo cáo 6 tháng, cuối tháng 12 là báo cáo năm.',
    'report.no_period': 'Chưa có kỳ báo cáo nào (quý, 6 tháng, năm) đã kết thúc mà có đủ số liệu tiêu chí các tháng.',
    'report.cutoff': 'Số liệu như đã ghi nhận đến hết ngày {day} (ngày cuối kỳ, hạn báo cáo của Văn phòng Điều phối).',
    'report.language_note': 'Báo cáo viết bằng tiếng Việt.',
    'report.proposals': 'III. Đề xuất, kiến nghị',
    'report.proposals_placeholder': 'Mỗi dòng là một đoạn của mục III.1. Để trống: báo cáo để dòng chấm để điền tay.',
    'report.priorities': 'Nhiệm vụ trọng tâm kỳ tới ({period})',
    'report.priorities_placeholder': 'Mỗi dòng là một đoạn của mục III.2. Để trống: báo cáo tự liệt kê các nhiệm vụ '
                                     'chưa hoàn thành và các nhiệm vụ đến hạn trong {period}.',
    'report.text_help': 'Nội dung được giữ riêng cho từng kỳ trong phiên làm việc này.',
    'report.download_docx': 'Tải báo cáo (Word)',
    'report.download_xlsx': 'Tải phụ lục (Excel)',
    'report.preview': 'Xem trước nội dung báo cáo',
    'report.preview_note': 'Bản xem trước rút gọn: các câu tóm tắt và các bảng chính; tệp Word có đủ các bảng.',
    'report.table_in_file': '{title} ({rows} dòng, xem trong tệp).',
    'report.blank_proposals': 'Chưa nhập đề xuất, kiến nghị: mục III.1 của báo cáo sẽ để dòng chấm để điền tay.',
    'report.made_on': 'Ngày báo cáo',
    'report.made_on_help': 'Ngày ghi ở dòng địa danh, ngày tháng của báo cáo (mặc định là hôm nay).',
    'report.issued_by': 'Cơ quan ban hành: {issuer} · ký hiệu: Số …/{symbol} · người ký: {signer}. '
                        'Quản trị viên thay đổi tại trang Quản trị, thẻ “Báo cáo định kỳ”.',
    'report.no_signer_name': 'chưa ghi họ tên',
}

EN = {
    'report.title': 'Create a report',
    'report.caption': "The Coordination Office's quarterly, half-year and yearly report to the standing members of the "
                      "provincial Steering Committee and to the People's Committee (work programme, section II.2: what is done, what is not and "
                      "why): a Word document in the administrative layout and an Excel annex. Province-wide; the "
                      "page's filters do not apply.",
    'report.period': 'Report period',
    'report.period_help': "Periods that have ended (by the page's day) with criteria data for every month. The end of "
                          "June is the half-year report, the end of December the yearly one.",
    'report.no_period': 'No report period (quarter, half-year, year) has ended with criteria data for all its months.',
    'report.cutoff': "Figures as recorded by the end of {day} (the period's last day, when the office's report is due).",
    'report.language_note': 'The report itself is in Vietnamese, as sent to the committee.',
    'report.proposals': 'III. Proposals and recommendations',
    'report.proposals_placeholder': 'Each line becomes a paragraph of section III.1. Left empty, the report leaves '
                                    'dotted lines to fill in by hand.',
    'report.priorities': 'Priorities for the next period ({period})',
    'report.priorities_placeholder': 'Each line becomes a paragraph of section III.2. Left empty, the report lists the '
                                     'tasks not done and those due in {period}.',
    'report.text_help': 'The text is kept separately for each period during this session.',
    'report.download_docx': 'Download the report (Word)',
    'report.download_xlsx': 'Download the annex (Excel)',
    'report.preview': 'Preview of the report',
    'report.preview_note': 'A short preview: the summary sentences and the main tables; the Word file has every table.',
    'report.table_in_file': '{title} ({rows} rows, see the file).',
    'report.blank_proposals': 'No proposals entered: section III.1 of the report will leave dotted lines to fill in '
                              'by hand.',
    'report.made_on': 'Date of the report',
    'report.made_on_help': "The day written in the report's place and date line (default: today).",
    'report.issued_by': 'Issued by: {issuer} · symbol: No. …/{symbol} · signed by: {signer}. An administrator changes '
                        'this on the Administration page, tab “Periodic report”.',
    'report.no_signer_name': 'name not set',
}
