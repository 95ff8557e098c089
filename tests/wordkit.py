"""Word drafts for the import tests: python-docx for the ordinary parts, raw WordprocessingML
(ECMA-376) for what python-docx cannot write: comments, tracked changes, equations, SmartArt."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DATE = "2026-03-02T10:00:00Z"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def inserted(text: str, author: str = "Ana Petrosyan", ident: int = 101) -> str:
    return (f'<w:ins w:id="{ident}" w:author="{author}" w:date="{DATE}">{run(text)}</w:ins>')


def deleted(text: str, author: str = "Ana Petrosyan", ident: int = 102) -> str:
    return (f'<w:del w:id="{ident}" w:author="{author}" w:date="{DATE}"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def superscript(base: str, power: str) -> str:
    """An OMML equation base^power."""
    return (f'<m:oMath><m:sSup><m:e><m:r><m:t>{base}</m:t></m:r></m:e><m:sup><m:r>'
            f'<m:t>{power}</m:t></m:r></m:sup></m:sSup></m:oMath>')


class Draft:
    """A document built with python-docx; `raw()` paragraphs are replaced by WordprocessingML
    after saving, and `comment()` / `smartart()` add their parts to the package."""

    def __init__(self, title: str | None = None):
        self.document = docx.Document()
        self.raw_paragraphs: list[str] = []
        self.comments: list[tuple[int, str, str]] = []
        self.diagrams: list[list[tuple[str, list]]] = []
        self.footnotes: list[str] = []
        if title is not None:
            self.document.core_properties.title = title
            self.document.add_paragraph(title, style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level=level)

    def para(self, text: str) -> None:
        self.document.add_paragraph(text)

    def raw(self, inner: str) -> None:
        """A paragraph whose content is raw WordprocessingML (runs, w:ins, m:oMath...)."""
        self.document.add_paragraph(f"@@RAW{len(self.raw_paragraphs)}@@")
        self.raw_paragraphs.append(inner)

    def comment(self, before: str, anchored: str, after: str, text: str,
                author: str = "Davit Grigoryan") -> None:
        ident = len(self.comments)
        self.comments.append((ident, author, text))
        self.raw(run(before) + f'<w:commentRangeStart w:id="{ident}"/>' + run(anchored)
                 + f'<w:commentRangeEnd w:id="{ident}"/><w:r><w:commentReference '
                 f'w:id="{ident}"/></w:r>' + run(after))

    def footnote(self, text: str, note: str) -> None:
        """A paragraph ending in a footnote whose paragraph content is raw WordprocessingML."""
        self.footnotes.append(note)
        self.raw(run(text) + f'<w:r><w:footnoteReference w:id="{len(self.footnotes)}"/></w:r>')

    def smartart(self, tree: list[tuple[str, list]]) -> None:
        """A SmartArt graphic whose nodes are (text, children) pairs."""
        n = len(self.diagrams) + 1
        self.diagrams.append(tree)
        rel = {kind: f"rIdDgm{n}{kind}" for kind in ("dm", "lo", "qs", "cs")}
        self.raw(
            f'<w:r><w:drawing><wp:inline xmlns:wp="{WP}"><wp:extent cx="5486400" '
            f'cy="3200400"/><wp:docPr id="{100 + n}" name="Diagram {n}"/>'
            f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{DGM}"><dgm:relIds '
            f'xmlns:dgm="{DGM}" r:dm="{rel["dm"]}" r:lo="{rel["lo"]}" r:qs="{rel["qs"]}" '
            f'r:cs="{rel["cs"]}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        body = parts["word/document.xml"].decode("utf-8")
        for i, inner in enumerate(self.raw_paragraphs):
            marker = f"<w:p><w:r><w:t>@@RAW{i}@@</w:t></w:r></w:p>"
            count = body.count(marker)
            body = body.replace(marker, f"<w:p>{inner}</w:p>")
            assert count == 1
        parts["word/document.xml"] = body.encode("utf-8")
        rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        types = parts["[Content_Types].xml"].decode("utf-8")
        added_rels, added_types = [], []
        if self.comments:
            xml = "".join(f'<w:comment w:id="{i}" w:author="{escape(a)}" w:date="{DATE}" '
                          f'w:initials="{a[0]}"><w:p>{run(t)}</w:p></w:comment>'
                          for i, a, t in self.comments)
            parts["word/comments.xml"] = (f'<?xml version="1.0" encoding="UTF-8" '
                                          f'standalone="yes"?><w:comments xmlns:w="{W}">{xml}'
                                          "</w:comments>").encode()
            added_rels.append(f'<Relationship Id="rIdComments" Type="{RELS}/comments" '
                              'Target="comments.xml"/>')
            added_types.append('<Override PartName="/word/comments.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>')
        if self.footnotes:
            notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                     '</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0">'
                     '<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
            notes += "".join(f'<w:footnote w:id="{i}"><w:p>{inner}</w:p></w:footnote>'
                             for i, inner in enumerate(self.footnotes, start=1))
            parts["word/footnotes.xml"] = (f'<?xml version="1.0" encoding="UTF-8" '
                                           f'standalone="yes"?><w:footnotes xmlns:w="{W}" '
                                           f'xmlns:m="{M}">{notes}</w:footnotes>').encode()
            added_rels.append(f'<Relationship Id="rIdFootnotes" Type="{RELS}/footnotes" '
                              'Target="footnotes.xml"/>')
            added_types.append('<Override PartName="/word/footnotes.xml" ContentType='
                               '"application/vnd.openxmlformats-officedocument.'
                               'wordprocessingml.footnotes+xml"/>')
        for n, tree in enumerate(self.diagrams, start=1):
            for kind, rel_type, content_type, xml in (
                    ("dm", "diagramData", "diagramData", _diagram_data(tree)),
                    ("lo", "diagramLayout", "diagramLayout",
                     f'<dgm:layoutDef xmlns:dgm="{DGM}"/>'),
                    ("qs", "diagramQuickStyle", "diagramStyle",
                     f'<dgm:styleDef xmlns:dgm="{DGM}"/>'),
                    ("cs", "diagramColors", "diagramColors",
                     f'<dgm:colorsDef xmlns:dgm="{DGM}"/>')):
                name = f"diagrams/{kind}{n}.xml"
                parts[f"word/{name}"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                         + xml).encode("utf-8")
                added_rels.append(f'<Relationship Id="rIdDgm{n}{kind}" Type="{RELS}/{rel_type}" '
                                  f'Target="{name}"/>')
                added_types.append(f'<Override PartName="/word/{name}" ContentType="application/'
                                   f'vnd.openxmlformats-officedocument.drawingml.{content_type}'
                                   '+xml"/>')
        parts["word/_rels/document.xml.rels"] = rels.replace(
            "</Relationships>", "".join(added_rels) + "</Relationships>").encode("utf-8")
        parts["[Content_Types].xml"] = types.replace(
            "</Types>", "".join(added_types) + "</Types>").encode("utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return path


def _diagram_data(tree: list[tuple[str, list]]) -> str:
    """A SmartArt data model (dgm:dataModel): a document point, a point per node, and
    parent-of connections in order."""
    points = ['<dgm:pt modelId="{0}" type="doc"><dgm:prSet/><dgm:spPr/></dgm:pt>']
    links = []
    counter = [0]

    def add(nodes, parent):
        for order, (text, children) in enumerate(nodes):
            counter[0] += 1
            ident = f"{{{counter[0]}}}"
            points.append(f'<dgm:pt modelId="{ident}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/>'
                          f'<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></dgm:t></dgm:pt>')
            # the transitions Word writes between nodes: points without text of their own
            points.append(f'<dgm:pt modelId="{{t{counter[0]}}}" type="parTrans"><dgm:prSet/>'
                          '<dgm:spPr/><dgm:t><a:bodyPr/><a:p><a:endParaRPr/></a:p></dgm:t>'
                          "</dgm:pt>")
            links.append(f'<dgm:cxn modelId="{{c{counter[0]}}}" srcId="{parent}" '
                         f'destId="{ident}" srcOrd="{order}" destOrd="0" '
                         f'parTransId="{{t{counter[0]}}}"/>')
            add(children, ident)

    add(tree, "{0}")
    return (f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="{A}"><dgm:ptLst>{"".join(points)}'
            f'</dgm:ptLst><dgm:cxnLst>{"".join(links)}</dgm:cxnLst><dgm:bg/><dgm:whole/>'
            "</dgm:dataModel>")
