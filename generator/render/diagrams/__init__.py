"""Build-time SVG diagrams and charts: the same picture in the site and in the books.

One module per picture: `org_chart` (the reporting tree), `process_flow` (swimlanes),
`bar_chart` and `line_chart` (audit figures, sharing `chart_parts`); `svg` is the writer they
share (paints for print and screen, see its docstring) and `text_metrics` sets text by the
shipped font's widths. Pure functions, model in and SVG text out, byte-for-byte deterministic.
"""
