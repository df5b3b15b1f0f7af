"""The onboarding website as MkDocs Markdown: `pages` renders every page of one edition and the
nav, `context` holds the lookups templates read (`SiteIndex`) and per-page links (`Page`),
`markdown` writes text literally into MkDocs Markdown, `templates` is the site's Jinja
environment, `audit_report` the managers' adherence page.
"""
