"""Audit checklists as outputs: `print` (A4 PDFs), `web` (tablet pages of the managers site);
`groups` shows a checklist's lines under their SOPs for both. Which lines: `query.checklists`.
"""
