"""Markdown written for other tools, read as its authors meant it.

pandoc's `commonmark_x` reader reads what GitHub reads (pipe tables without
outer pipes, HTML inside cells, alerts, footnotes). Three things the project's
own syntax has that this reader lacks are restored as AST passes: table
captions (`Table: ...` or `: ...` under a table, in `tables`), inline notes
(`^[...]`, in `inlines`) and citations (`[@key]`, `@key`, in `citations`).

Before parsing, a line-for-line rewrite of the source (`rewrite.normalize`) turns
constructs of other dialects whose meaning is clear into ours: code fence info
strings (```` ```js run ````, ```` ```{r} ````), headings without a space
(``##Heading``), MyST, Quarto and MkDocs admonitions, MyST `(label)=` targets
in front of a heading, and kramdown's `{:toc}`. Line numbers stay those of the
file, so every diagnostic still points at the author's line.

`reader.parse` runs it all; `anchors` points other tools' links at our ids, and
`literal` names what other tools would have expanded and we show as written.
"""
