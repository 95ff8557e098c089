"""Start-up stays fast: the CLI does not import the renderers until a command needs them."""

import subprocess
import sys

PROBE = """
import sys
from click.testing import CliRunner
from publisher.cli.main import cli
import publisher
result = CliRunner().invoke(cli, ["--help"])
assert result.exit_code == 0, result.output
heavy = [m for m in ("typst", "docx", "publisher.render.pdf") if m in sys.modules]
print(",".join(heavy))
"""


def test_help_does_not_import_the_pdf_engine():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "publisher", "--help"], capture_output=True,
                         text=True)
    assert out.returncode == 0
    for command in ("build", "validate", "render"):
        assert command in out.stdout
