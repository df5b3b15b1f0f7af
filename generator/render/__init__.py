"""Stage 3: pure functions from the (edition's) model to pages, print HTML and SVG."""
