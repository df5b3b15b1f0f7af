"""Stage 6, write: rendered pages and documents -> files, at the edges of the system.

`mkdocs_site` is the only module that imports MkDocs (the site engine may change one day);
`search` writes the site's search index and is the only one that imports Pagefind; `pdf` is the
only one that imports WeasyPrint (a pool of worker processes); `output` stages a build and swaps
it in atomically; `starter` copies the `handbook init` project.
"""
