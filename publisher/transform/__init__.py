"""Transform: pandoc's AST after small passes, foreign Markdown dialects, the bibliography."""
