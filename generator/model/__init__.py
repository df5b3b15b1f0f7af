"""The typed model: frozen dataclasses for every content kind and record, no I/O.

`fields` is the declaration vocabulary; `handbook` declares every content field once (the
schema and the validator read those declarations); `markdown` is how content text is held;
`records` holds CSV records and their columns; `links` fills the derived two-way links;
`dates` the calendar rules.
"""
