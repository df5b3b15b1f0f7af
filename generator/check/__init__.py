"""Stage 2, check: positioned raw data -> the typed model, every problem reported at its place.

`project` checks a project's content and records (`validate_project`); `site_config`,
`site_settings` and `site_plugins` check mkdocs.yml, `docs_folder` the hand-written pages
(`build.check_project` runs them all, with MkDocs' own validation of the settings);
`objects` walks a file against the model's field declarations and `values` converts scalars;
`rules` holds the checks that span fields or files; `records` reads CSV record files with the
shared rules and `audits` turns audit rows into records; `markdown` compiles and sanitises
content Markdown; `files` checks referenced content files; `schema` writes the JSON Schema from
the same declarations; `site_config` and `docs_folder` check mkdocs.yml and docs/.
"""
