"""What every renderer shares: `labels` (interface text per language), `locale` (dates,
numbers, targets, sort order), `markdown` (content HTML resolved for one output, or plain
text), `urls` (the site's URL scheme and anchors), `templates` (Jinja settings), `print` (what
books and printed checklists share) and `audit` (titles and counts the audit outputs show).
"""
