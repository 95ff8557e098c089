"""The single seam through which WeasyPrint reads files: only the project's own."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher


class ProjectFetcher(URLFetcher):
    """Serve `data:` URLs and files inside the allowed folders; refuse everything else.

    Paths are resolved (symlinks followed) before the check, so a link inside
    the project cannot point outside it. Every refusal is recorded so the
    caller can turn it into a diagnostic and fail the build.
    """

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [Path(r).resolve() for r in roots]
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(unquote(parts.path))).resolve()
        return any(path.is_relative_to(root) for root in self.roots) and path.is_file()

    def fetch(self, url, headers=None):
        if not self.allows(url):
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"publisher refuses to fetch {url}")
        return super().fetch(url, headers)
