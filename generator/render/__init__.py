"""Stage 5, render: pure functions from one edition's model (and the query layer's figures) to
output text. `site` (MkDocs Markdown pages), `book` (a role's print HTML), `checklist` (printed
and web audit checklists), `sheet` (CSV, xlsx and Markdown reports) share `diagrams` (build-time
SVG) and `common` (labels, locale, links, print helpers). No files are written here.
"""
