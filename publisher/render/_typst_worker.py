"""The process Typst compiles in, so that a compile past `limits.tool_seconds` can be stopped.

Typst runs inside the Python process that calls it and cannot be interrupted there, so
`typst_compile.compile_page` hands each compile to this process: one request per line on stdin
(JSON: the main file, the root, the font folders, the timestamp, the output file), one
answer per line on stdout (`{"ok": true}` or the error's message and hints), after a
first line that says it is ready. It stays
up between compiles (Typst loaded and the fonts read once); the caller kills it when a
compile runs too long and starts another for the next one. It ends when stdin closes.
"""

from __future__ import annotations

import json
import os
import sys

from publisher.core.lifetime import exit_with_parent


def serve(requests, answers) -> None:
    import typst

    parent = os.getppid()
    exit_with_parent(parent)  # a build that is killed must not have its PDFs written after

    answers.write(json.dumps({"ready": True}) + "\n")  # the time limit starts after this
    answers.flush()
    fonts: dict[tuple[str, ...], object] = {}
    for line in requests:
        if not line.strip():
            continue
        job = json.loads(line)
        folders = tuple(job["fonts"])
        if folders not in fonts:
            fonts[folders] = typst.Fonts(include_system_fonts=False,
                                         include_embedded_fonts=False,
                                         font_paths=list(folders))
        try:
            compiler = typst.Compiler(root=job["root"], font_paths=fonts[folders],
                                      package_path=job["packages"],
                                      package_cache_path=job["packages"])
            data = compiler.compile(job["main"], pdf_standards=job["standards"],
                                    timestamp=job["timestamp"])
            if os.getppid() != parent:
                os._exit(1)
            with open(job["output"], "wb") as out:
                out.write(data)
            answer = {"ok": True}
        except typst.TypstError as exc:
            answer = {"ok": False, "message": str(getattr(exc, "message", "") or exc),
                      "hints": list(getattr(exc, "hints", []) or [])}
        except Exception as exc:  # noqa: BLE001 - reported to the caller, never a traceback
            answer = {"ok": False, "message": f"{type(exc).__name__}: {exc}", "hints": []}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
