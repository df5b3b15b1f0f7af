"""Stage 1, load: project files -> positioned raw data.

`project` finds the files (file names are ids), `yaml_tree` reads YAML into nodes that keep
their line and column, `csv_table` reads CSV records with positioned fields, `files` reads text
(size cap, UTF-8). Nothing here knows what a field means; that is `check`'s job.
"""
