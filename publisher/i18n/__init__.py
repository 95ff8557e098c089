"""The language of an edition: UI strings, detection, typography, hyphenation, fonts and
translations."""
