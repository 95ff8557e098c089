"""The downloads of a whole language: one reproducible zip of every file of its editions, and
SHA256SUMS of every file offered."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from .files import file_entry
from .model import Site, sha256


def write_bundles(site: Site) -> dict[str, dict]:
    """One zip per language with every file of its editions, reproducible byte for byte."""
    bundles = {}
    name = "".join(c if c.isalnum() else "-" for c in (site.project.name or "publications")
                   .lower()).strip("-")
    for lang in site.languages:
        path = f"downloads/{name}-{lang}.zip"
        target = site.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in sorted((i for i in site.items if i.lang == lang), key=lambda i: i.slug):
                day = item.edition.case.date
                for f in item.files:
                    info = zipfile.ZipInfo(f"{item.slug}/{PurePosixPath(f['path']).name}",
                                           (max(day.year, 1980), day.month, day.day, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, (site.root / f["path"]).read_bytes())
        bundles[lang] = file_entry(site, path, "zip", f"ZIP ({lang})")
    return bundles


def write_checksums(site: Site, bundles: dict[str, dict]) -> None:
    entries = {f["path"]: f["sha256"] for item in site.items for f in item.files}
    entries.update({f["path"]: f["sha256"] for f in bundles.values()})
    entries.update({path: sha256(site.root / path) for path in site.extra_files})
    entries["catalog.json"] = sha256(site.root / "catalog.json")
    site.write("SHA256SUMS", "".join(f"{digest}  {path}\n"
                                     for path, digest in sorted(entries.items())))
