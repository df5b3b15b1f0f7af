"""Machine-readable and fill-in outputs: `audit_report` (CSV and Markdown figures),
`audit_sheet` (blank audit sheets), `workbook` (CSV and deterministic xlsx they share).
"""
