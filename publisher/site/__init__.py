"""The catalog site: every publication in every language, with downloads, search and feeds."""

from .build import build_site, make_site
from .model import SITE_FOLDER

__all__ = ["SITE_FOLDER", "build_site", "make_site"]
