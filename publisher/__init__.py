"""publisher: Markdown case studies, guides and reports into PDF, DOCX and HTML editions.

Importing the package is cheap: renderers (Typst, python-docx) load only
when a command needs them.
"""

__version__ = "0.1.0"
