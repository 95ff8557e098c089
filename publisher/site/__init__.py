"""The catalog site: every publication in every language, with downloads, search and feeds."""

from .build import SITE_FOLDER, build_site, make_site

__all__ = ["SITE_FOLDER", "build_site", "make_site"]
