"""Stage 4, query: pure figures from one edition of the model, no Jinja, no files.

`adherence` turns audit records into the report's figures; `checklists` decides the lines of
each audit checklist. Renderers show these figures; they never compute their own.
"""
