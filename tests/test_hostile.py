"""A catalogue of 91 hostile inputs, each run against every output and against `publisher serve`.

One project holds one case per hostile edition, beside canary files it must never read
(`.git/config`, `.env` in the project and in each case folder, a dotfile image, a file
outside the project reached directly or through a symlink, /etc/passwd). It is validated and
built once; then every byte of `build/` (PDF streams and attachments, DOCX parts, HTML
editions, the site and its zips) and every answer of the preview server is searched for the
canaries' markers, a local listener must have received no request, and every hostile input
must have given its author a diagnostic at its line. Brand and `publisher.yaml` attacks
need a project each; they are in the second half. The browser part (no script runs in
Chromium, on the site, the HTML editions or the preview) is marked `browser`.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CASE_YAML, REPO, run, write
from leaks import Listener, exposed, files_under, marker

#: the module builds a project of hostile editions (and one per hostile configuration)
pytestmark = pytest.mark.slow

FIRST_LINE = 10  # the line of each hostile snippet in its en.md

EDITION = """---
title: Hostile {slug}
summary: A hostile edition.
---

## Intro {{#intro}}

Text before.

{snippet}

Text after.
"""

OK_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><title>A plain '
          'figure</title><rect width="40" height="20" fill="#0b4f6c"/></svg>')


def svg_with(marker_text: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><title>'
            f'{marker_text}</title><text x="0" y="20">{marker_text}</text></svg>')


@dataclass(frozen=True)
class Hostile:
    id: str
    snippet: str = ""  # Markdown placed at FIRST_LINE of en.md
    codes: tuple[str, ...] = ("PUB220",)  # one of these is reported at the snippet's line
    case_yaml: str = ""  # lines added to case.yaml (the diagnostic points into case.yaml)
    folder: str = ""  # the case folder's name, when the name itself is the attack
    built: bool = False  # accepted with a warning: its outputs are built and searched


OUT = "../../../outside"  # the outside folder, from a case folder
CATALOGUE = [
    # attachments, whatever the spelling of rel
    Hostile("rel-noopener-attachment", '[x](../../.git/config){rel="noopener attachment"}'),
    Hostile("rel-capitalized", '[x](../../.git/config){rel="Attachment"}'),
    Hostile("rel-upper", '[x](../../.env){rel="ATTACHMENT"}'),
    Hostile("rel-case-dotfile", '[x](.env){rel="attachment"}', ("PUB220", "PUB230")),
    Hostile("rel-absolute", '[x](/etc/passwd){rel="attachment"}', ("PUB220", "PUB202")),
    Hostile("file-url-link", "[x](file:///etc/passwd)", ("PUB202",)),
    Hostile("rel-outside", f'[x]({OUT}/secret.txt){{rel="attachment nofollow"}}'),
    Hostile("rel-symlink", "[x](media/link.svg){rel=attachment}"),
    Hostile("rel-percent", '[x](%2E%2E/%2E%2E/.env){rel="attachment"}'),
    Hostile("rel-key-upper", '[x](.git/config){REL="attachment"}'),
    # attachments and files in raw HTML, in every HTML format, entity-encoded
    Hostile("raw-a-attachment", '<a href="../../.git/config" rel="attachment">x</a>'),
    Hostile("html5-attachment", '```{=html5}\n<a href="../../.env" rel="attachment">x</a>\n```'),
    Hostile("html4-attachment", '```{=html4}\n<a href="../../.env" rel="attachment">x</a>\n```'),
    Hostile("revealjs-attachment",
            '```{=revealjs}\n<a href="../../.env" rel="attachment">x</a>\n```'),
    Hostile("entity-href", '<a href="&#46;&#46;/&#46;&#46;/.env" rel="attachment">x</a>'),
    Hostile("raw-rel-words", '<a href="../../.env" rel="noopener Attachment">x</a>'),
    Hostile("raw-link-element", '<link rel="attachment" href="../../.env">'),
    Hostile("raw-img-git", '<img src="../../.git/config" alt="x">', ("PUB230",)),
    Hostile("raw-img-file-url", '<img src="file:///etc/passwd" alt="x">', ("PUB202",)),
    Hostile("raw-img-outside", f'<img src="{OUT}/secret.svg" alt="x">', ("PUB202",)),
    Hostile("raw-srcset", '<img srcset="media/ok.svg 2x, ../../.env 1x" alt="x">', ("PUB230",)),
    Hostile("raw-object", '<object data="../../.env"></object>'),
    Hostile("raw-embed", '<embed src="../../.env">'),
    Hostile("raw-iframe", '<iframe src="../../.env"></iframe>'),
    Hostile("svg-image-href", '<svg><image href="../../.git/config"/></svg>', ("PUB230",)),
    Hostile("svg-use-xlink", '<svg><use xlink:href="../../.env#x"/></svg>', ("PUB230",)),
    Hostile("raw-video-poster", '<video poster="../../.env"></video>', ("PUB230",)),
    Hostile("raw-input-image", '<input type="image" src="../../.env">', ("PUB230",)),
    Hostile("raw-ping", '<a href="#intro" ping="http://127.0.0.1:{port}/ping">x</a>',
            ("PUB202",)),
    # CSS that loads files
    Hostile("div-style-url", '<div style="background: url(../../.env)">x</div>', ("PUB236",)),
    Hostile("raw-style-attr", "<p style=\"background-image:url('../../.git/config')\">x</p>",
            ("PUB236",)),
    Hostile("style-import", '<style>@import url("../../.env");</style>', ("PUB236",)),
    Hostile("style-escaped", "<style>p { background: u\\72l(../../.env) }</style>", ("PUB236",)),
    Hostile("span-style-url", '[x]{style="background:url(../../.env)"}', ("PUB236",)),
    Hostile("style-behavior", '<img src="media/ok.svg" alt="x" style="behavior:url(x.htc)">',
            ("PUB236",)),
    # images
    Hostile("image-git", "![x](../../.git/config)", ("PUB230",)),
    Hostile("image-case-dotfile", "![x](.env)", ("PUB230",)),
    Hostile("image-absolute", "![x](/etc/passwd)", ("PUB202",)),
    Hostile("image-symlink", "![x](media/link.svg)", ("PUB202",)),
    Hostile("image-outside", f"![x]({OUT}/secret.svg)", ("PUB202",)),
    Hostile("image-hidden-svg", "![x](media/.hidden.svg)", ("PUB230",)),
    Hostile("image-percent-dots", "![x](media/%2e%2e/%2e%2e/.env)", ("PUB230", "PUB202")),
    Hostile("image-remote", "![x](http://127.0.0.1:{port}/img.png)", ("PUB202",)),
    Hostile("image-protocol-relative", "![x](//127.0.0.1:{port}/img.png)", ("PUB202",)),
    Hostile("image-not-an-image", "![x](media/notes.txt)", ("PUB231",)),
    Hostile("svg-refers-outside", "![x](media/refers.svg)", ("PUB235",)),
    Hostile("svg-entity", "![x](media/entity.svg)", ("PUB235",)),
    Hostile("svg-xinclude", "![x](media/xinclude.svg)", ("PUB235",)),
    Hostile("svg-script", "![x](media/script.svg)", ("PUB235",)),
    Hostile("svg-data-url", "![x](data:image/svg+xml;base64," + base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>')
        .decode() + ")", ("PUB235",)),
    # scripts, redirects, raw formats no check can judge
    Hostile("script", "<script>fetch('http://127.0.0.1:{port}/script')</script>"),
    Hostile("html5-data-script", "```{=html5}\n<script src=\"data:text/javascript,fetch("
            "'http://127.0.0.1:{port}/data')\"></script>\n```"),
    Hostile("script-upper", "<SCRIPT>fetch('http://127.0.0.1:{port}/upper')</SCRIPT>"),
    Hostile("onerror", "<img src=\"x.png\" onerror=\"fetch('http://127.0.0.1:{port}/e')\" "
            "alt=\"\">"),
    Hostile("javascript-link", "[x](javascript:fetch('http://127.0.0.1:{port}/j'))"),
    Hostile("javascript-entity", "[x](&#106;avascript:alert(1))"),
    Hostile("javascript-tab", '<a href="java&#x09;script:alert(1)">x</a>'),
    Hostile("meta-refresh", '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:'
            '{port}/refresh">', ("PUB234",)),
    Hostile("meta-csp-inline", '`<meta http-equiv="Content-Security-Policy" '
            'content="default-src *">`{=html5}', ("PUB234",)),
    Hostile("openxml-includepicture", '```{=openxml}\n<w:p><w:r><w:fldChar w:fldCharType='
            '"begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE "http://127.0.0.1:{port}/o" '
            '</w:instrText></w:r></w:p>\n```', ("PUB233",)),
    Hostile("openxml-inline", "`<w:r><w:t>x</w:t></w:r>`{=OpenXML}", ("PUB233",)),
    Hostile("typst-read", '```{=typst}\n#read("../../.env")\n```', ("PUB233",)),
    Hostile("noscript-mxss", "<noscript><p title=\"</noscript><img src=x onerror="
            "fetch('http://127.0.0.1:{port}/n')>\"></p></noscript>"),
    Hostile("comment-bang", "<!-- --!><script>fetch('http://127.0.0.1:{port}/c')</script> -->"),
    Hostile("math-style-mxss", "<math><mtext><table><mglyph><style><img src=x onerror="
            "fetch('http://127.0.0.1:{port}/m')></style></mglyph></table></mtext></math>"),
    Hostile("base", '<base href="http://127.0.0.1:{port}/">'),
    Hostile("form", '<form action="http://127.0.0.1:{port}/f"><button>x</button></form>'),
    Hostile("div-handler", "<div onmouseover=\"fetch('http://127.0.0.1:{port}/d')\">x</div>"),
    Hostile("link-handler", "[x](#intro){onclick=\"fetch('http://127.0.0.1:{port}/k')\"}"),
    Hostile("split-script-tag", "<scr<script>ipt>fetch('http://127.0.0.1:{port}/z')</script>"),
    Hostile("svg-javascript", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    Hostile("doctype-entity", '```{=html}\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            "```"),
    # accepted with a warning: built, and every output searched
    Hostile("stray-closing-tags", "</div></section></article></main>", ("PUB237",), built=True),
    # case.yaml
    Hostile("partner-dotfile", case_yaml="partners: [../../.env]", codes=("PUB401",)),
    Hostile("partner-hidden-logo", case_yaml="partners: [media/.hidden.svg]", codes=("PUB401",)),
    Hostile("partner-outside", case_yaml=f"partners: [{OUT}/secret.svg]", codes=("PUB401",)),
    Hostile("bibliography-git", case_yaml="bibliography: ../../.git/config", codes=("PUB405",)),
    Hostile("bibliography-dotfile", case_yaml="bibliography: .env", codes=("PUB405",)),
    Hostile("folder-name-markup", folder='zz"><img src=x onerror=window.__pwned=1>',
            codes=("PUB114",)),
]
IDS = [h.id for h in CATALOGUE]


def slug_of(index: int, hostile: Hostile) -> str:
    return hostile.folder or f"h{index:02d}-{hostile.id}"


@dataclass
class World:
    root: Path
    markers: dict[str, str]
    listener: Listener
    validated: dict
    manifest: dict


def _canaries(base: Path, project: Path) -> dict[str, str]:
    markers = {name: marker(name) for name in ("git", "env", "case_env", "case_git", "outside",
                                               "hidden", "symlinked", "brand_outside")}
    write(project / ".git" / "config", f"[remote]\n  token = {markers['git']}\n")
    write(project / ".env", f"TOKEN={markers['env']}\n")
    write(base / "outside" / "secret.txt", markers["outside"] + "\n")
    write(base / "outside" / "secret.svg", svg_with(markers["symlinked"]))
    write(base / "outside" / "secret.css", f"body::after {{ content: '{markers['outside']}' }}\n")
    return markers


def _media(folder: Path, markers: dict[str, str]) -> None:
    media = folder / "media"
    write(media / "ok.svg", OK_SVG)
    write(media / ".hidden.svg", svg_with(markers["hidden"]))
    write(media / "notes.txt", "plain notes\n")
    write(media / "refers.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://'
          'www.w3.org/1999/xlink"><image xlink:href="../../../.git/config" width="9" '
          'height="9"/></svg>')
    write(media / "entity.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM '
          '"../../../.env">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')
    write(media / "xinclude.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xi="http://'
          'www.w3.org/2001/XInclude"><text><xi:include href="../../../.env" parse="text"/>'
          "</text></svg>")
    write(media / "script.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>'
          "window.__pwned = 1</script></svg>")
    os.symlink(folder.parent.parent.parent / "outside" / "secret.svg", media / "link.svg")
    write(folder / ".env", f"TOKEN={markers['case_env']}\n")
    write(folder / ".git" / "config", f"token = {markers['case_git']}\n")
    write(folder / "&", "an innocent file named &\n")


def _project(base: Path, port: int) -> tuple[Path, dict[str, str]]:
    project = base / "project"
    write(project / "publisher.yaml", """
        name: Hostile publications
        languages: [en]
        formats: [pdf, docx, html]
        site_url: https://publications.example.org/
        types:
          case-study: {sections: []}
          guide: {}
          report: {}
    """)
    shutil.copytree(REPO / "styles", project / "styles")
    markers = _canaries(base, project)
    okay = project / "cases" / "okay"
    write(okay / "case.yaml", CASE_YAML)
    write(okay / "en.md", EDITION.format(slug="okay", snippet="![A plain figure](media/ok.svg)"))
    _media(okay, markers)
    for index, hostile in enumerate(CATALOGUE):
        folder = project / "cases" / slug_of(index, hostile)
        write(folder / "case.yaml", CASE_YAML + hostile.case_yaml + "\n")
        snippet = hostile.snippet.replace("{port}", str(port)) or "Nothing hostile here."
        (folder / "en.md").write_text(EDITION.format(slug=hostile.id, snippet=snippet), "utf-8")
        _media(folder, markers)
    return project, markers


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    base = tmp_path_factory.mktemp("hostile")
    listener = Listener()
    root, markers = _project(base, listener.port)
    validated = json.loads(run("validate", "--format", "json", cwd=root).stdout)
    result = run("build", "--json", cwd=root)
    manifest = json.loads(result.stdout)
    yield World(root, markers, listener, validated, manifest)
    listener.close()


def _diagnostics_of(world: World, path: str) -> list[dict]:
    return [d for d in world.validated["diagnostics"] if d["path"] == path]


@pytest.mark.parametrize("index", range(len(CATALOGUE)), ids=IDS)
def test_the_author_gets_a_positioned_diagnostic(world, index):
    hostile = CATALOGUE[index]
    slug = slug_of(index, hostile)
    if hostile.case_yaml or hostile.folder:
        path, lines = f"cases/{slug}/case.yaml", None
    else:
        path = f"cases/{slug}/en.md"
        lines = range(FIRST_LINE, FIRST_LINE + hostile.snippet.count("\n") + 1)
    found = _diagnostics_of(world, path)
    assert any(d["code"] in hostile.codes for d in found), found
    for d in found:
        if d["code"] in hostile.codes:
            assert d["line"] and d["column"], d
            if lines is not None:
                assert d["line"] in lines, d
            else:
                assert d["line"] >= 1
    severities = {d["severity"] for d in found if d["code"] in hostile.codes}
    assert severities == ({"warning"} if hostile.built else {"error"})


def test_refused_editions_are_not_built_and_the_others_are(world):
    outputs = {(o["case"], o["format"]): o["status"] for o in world.manifest["outputs"]}
    for index, hostile in enumerate(CATALOGUE):
        slug = slug_of(index, hostile)
        # partner logos are read by the PDF and the DOCX only (whether the HTML edition of
        # a case whose print metadata is wrong is built is a question of its own)
        formats = ("pdf", "docx") if "partners" in hostile.case_yaml else ("pdf", "docx", "html")
        for fmt in formats:
            built = (world.root / "build" / slug / f"{slug}.en.{fmt}").is_file()
            assert built == hostile.built, (slug, fmt)
    for fmt in ("pdf", "docx", "html"):
        assert outputs[("okay", fmt)] == "built"
    assert (world.root / "build" / "site" / "en" / "okay" / "index.html").is_file()


def test_no_canary_byte_reaches_any_output(world):
    outputs = files_under(world.root / "build")
    assert any(name.endswith(".zip") for name in outputs)
    assert any(name.endswith(".pdf") for name in outputs)
    assert exposed(outputs, world.markers) == []
    passwd = Path("/etc/passwd").read_text("utf-8", "replace").splitlines()[0]
    assert exposed(outputs, {"passwd": passwd}) == []


def test_the_search_finds_a_planted_canary(world, tmp_path):
    """The search itself can fail: a marker inside a PDF stream, a zip and a data: URL."""
    import base64
    import zipfile

    import pikepdf

    text = world.markers["git"]
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(f"% {text}".encode())
    pdf.save(tmp_path / "x.pdf", compress_streams=True)
    with zipfile.ZipFile(tmp_path / "x.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f"<w:t>{text}</w:t>")
    page = b'<img src="data:image/svg+xml;base64,' + base64.b64encode(b"  " + text.encode()) + b'">'
    for name, data in (("x.pdf", (tmp_path / "x.pdf").read_bytes()),
                       ("x.zip", (tmp_path / "x.zip").read_bytes()), ("x.html", page)):
        assert text.encode() not in data  # hidden by compression or encoding
        assert exposed({name: data}, {"git": text}), name


def test_the_listener_received_no_request(world):
    assert world.listener.requests == []


# -- publisher serve ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def preview(world):
    from publisher.load.project import load_project
    from publisher.authoring.serve import Server

    server = Server(load_project(world.root), port=0).start()
    yield server
    server.stop()


def _get(url: str, host: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def preview_answers(world, preview) -> dict[str, bytes]:
    from urllib.parse import quote

    answers = {"index": _get(preview.url)[2]}
    for index, hostile in enumerate(CATALOGUE):
        slug = quote(slug_of(index, hostile))
        for fmt in ("html", "pdf"):
            answers[f"{slug}.{fmt}"] = _get(f"{preview.url}{slug}/en.{fmt}")[2]
    return answers


def test_the_preview_serves_no_canary(world, preview_answers):
    assert exposed(preview_answers, world.markers) == []
    assert world.listener.requests == []


def test_the_preview_shows_each_problem(preview_answers):
    for index, hostile in enumerate(CATALOGUE):
        if hostile.folder or hostile.built or "partners" in hostile.case_yaml:
            continue
        from urllib.parse import quote

        page = preview_answers[f"{quote(slug_of(index, hostile))}.html"].decode("utf-8")
        assert "publisher-problems" in page and any(c in page for c in hostile.codes), hostile.id


def test_the_preview_escapes_a_case_folder_name(preview_answers):
    index = preview_answers["index"].decode("utf-8")
    assert "<img src=x onerror" not in index
    assert "zz&quot;&gt;&lt;img src=x onerror=window.__pwned=1&gt;" in index


def test_the_preview_policy_is_as_strict_as_the_editions(preview):
    status, headers, _ = _get(preview.url + "okay/en.html")
    assert status == 200
    policy = {part.strip().split(" ", 1)[0]: part.strip() for part in
              headers["Content-Security-Policy"].split(";")}
    assert policy["default-src"] == "default-src 'none'"
    assert "'self'" not in policy["script-src"] and "data:" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["img-src"] == "img-src data:"
    assert policy["connect-src"] == "connect-src 'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.2:{port}",
                                  "localhost.evil.example:{port}", ""])
def test_the_preview_refuses_other_host_names(preview, host):
    """DNS rebinding: a page of another site whose name now points at 127.0.0.1."""
    port = preview.httpd.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", "/okay/en.html", skip_host=True)
    if host:
        connection.putheader("Host", host.format(port=port))
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    assert response.status == 421 and b"Hostile okay" not in body
    for good in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert _get(preview.url + "okay/en.html", host=good)[0] == 200


# -- the brand and publisher.yaml ---------------------------------------------------------------

CONFIG_ATTACKS = {
    "logo-inverse-passwd": ("styles/brand.yaml", "logo_inverse: ../../../../../../../etc/passwd",
                            "PUB130"),
    "logo-inverse-outside": ("styles/brand.yaml", "logo_inverse: ../../outside/secret.svg",
                             "PUB130"),
    "css-dotfile": ("styles/brand.yaml", "css: ../.env", "PUB130"),
    "css-outside": ("styles/brand.yaml", "css: ../../outside/secret.css", "PUB130"),
    "logo-git": ("styles/brand.yaml", "logo: ../.git/config", "PUB130"),
    "logo-not-svg": ("styles/brand.yaml", "logo: brand.yaml", "PUB131"),
    "logo-script": ("styles/brand.yaml", "logo: script.svg", "PUB235"),
    "css-imports": ("styles/brand.yaml", "css: imports.css", "PUB236"),
    "brand-outside": ("publisher.yaml", "brand: ../outside/brand.yaml", "PUB130"),
    "output-outside": ("publisher.yaml", "output: ../outside/build", "PUB130"),
    "output-absolute": ("publisher.yaml", "output: /tmp", "PUB130"),
    "cases-git": ("publisher.yaml", "cases: .git", "PUB130"),
}


def _configure(root: Path, file: str, line: str) -> int:
    """Replace (or add) the key of `line` in `file`; returns the line number it is on."""
    path = root / file
    key = line.split(":", 1)[0]
    lines = path.read_text("utf-8").splitlines()
    at = next((i for i, text in enumerate(lines) if text.startswith(key + ":")), None)
    if at is None:
        lines.append(line)
        at = len(lines) - 1
    else:
        lines[at] = line
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return at + 1


@pytest.fixture(scope="module")
def config_world(tmp_path_factory):
    results = {}
    for name, (file, line, code) in CONFIG_ATTACKS.items():
        base = tmp_path_factory.mktemp(name)
        project = base / "project"
        write(project / "publisher.yaml", """
            name: Hostile configuration
            languages: [en]
            formats: [html]
        """)
        shutil.copytree(REPO / "styles", project / "styles")
        markers = _canaries(base, project)
        write(base / "outside" / "brand.yaml", (REPO / "styles" / "brand.yaml").read_text())
        write(project / "styles" / "script.svg", '<svg xmlns="http://www.w3.org/2000/svg">'
              "<script>window.__pwned = 1</script></svg>")
        write(project / "styles" / "imports.css", '@import url("../.env");\n')
        write(project / "cases" / "okay" / "case.yaml", CASE_YAML)
        write(project / "cases" / "okay" / "en.md", EDITION.format(slug="okay", snippet="Hi."))
        at = _configure(project, file, line)
        validated = run("validate", cwd=project)
        built = run("build", cwd=project)
        outputs = {}
        for folder in (project / "build", base / "outside" / "build"):
            if folder.is_dir():
                outputs.update(files_under(folder))
        results[name] = (project, file, at, code, validated, built, outputs, markers)
    return results


@pytest.mark.parametrize("name", list(CONFIG_ATTACKS))
def test_a_hostile_configuration_is_refused_at_its_line(config_world, name):
    project, file, at, code, validated, built, outputs, markers = config_world[name]
    assert validated.exit_code == 1 and built.exit_code == 1
    assert f"{file}:{at}:" in validated.output and f"error {code}" in validated.output, \
        validated.output
    assert exposed(outputs, markers) == []
    passwd = Path("/etc/passwd").read_text("utf-8", "replace").splitlines()[0]
    assert exposed(outputs, {"passwd": passwd}) == []
    assert not (project.parent / "outside" / "build").exists()


def test_the_catalogue_is_large_enough():
    assert len(CATALOGUE) + len(CONFIG_ATTACKS) >= 60


# -- in a real browser ----------------------------------------------------------------------------

def _no_script_runs(browser, urls: list[str], listener: Listener) -> list[str]:
    """Load each page; report any page where a script of an edition ran."""
    ran = []
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in urls:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)
        if page.evaluate("() => Boolean(window.__pwned)") or dialogs:
            ran.append(url)
            dialogs.clear()
    context.close()
    return ran + listener.requests


@pytest.mark.browser
def test_no_script_runs_in_the_outputs(world, browser):
    build = world.root / "build"
    pages = sorted(p for p in build.rglob("*.html") if ".cache" not in p.parts)
    assert len(pages) > 5
    assert _no_script_runs(browser, [p.as_uri() for p in pages], world.listener) == []


@pytest.mark.browser
def test_no_script_runs_in_the_preview(world, preview, browser):
    from urllib.parse import quote

    urls = [preview.url] + [f"{preview.url}{quote(slug_of(i, h))}/en.html"
                            for i, h in enumerate(CATALOGUE)] + [preview.url + "okay/en.html"]
    assert _no_script_runs(browser, urls, world.listener) == []
