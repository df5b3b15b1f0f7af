"""Stage 2, check: positioned raw data -> the typed model, every problem reported at its place.

`project` runs a whole project (`check_project`: content, records, mkdocs.yml, docs/);
`objects` walks a file against the model's field declarations and `values` converts scalars;
`rules` holds the checks that span fields or files; `records` reads CSV record files with the
shared rules and `audits` turns audit rows into records; `markdown` compiles and sanitises
content Markdown; `files` checks referenced content files; `schema` writes the JSON Schema from
the same declarations; `site_config` and `docs_folder` check mkdocs.yml and docs/.
"""
