"""Where the engine's own files are: the package folder and its resources."""

from pathlib import Path

#: the `publisher` package folder (its code is part of every build fingerprint)
PACKAGE = Path(__file__).resolve().parent.parent
#: templates, locales, hyphenation patterns and the default brand shipped with the engine
RESOURCES = PACKAGE / "resources"
