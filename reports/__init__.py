"""The Coordination Office's periodic report and the other documents the pages hand out.

`content` reads the facts of a period from the database into `model` (plain data); `tables` and
`text` shape them; `word` lays out the Word document, `annex` the Excel annex; `period` reads the
report periods (2013-Q3, 2013-H1, 2013) and `tasks` sorts the work programme at a period's end.
`ranking_workbook` is the pilot ranking as an Excel file (/progress).
"""
