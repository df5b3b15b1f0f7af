"""A role's printed textbook: `textbook.book_document` turns one edition and a role into the
complete print HTML (chapters in `site_templates/print/book/`); `diagrams` sizes the shared
SVG diagrams for the printed page. `write.pdf` renders the HTML.
"""
