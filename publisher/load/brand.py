"""The brand: one definition of colors, fonts, logos and series names for every format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..core import access
from ..core.diagnostics import Diagnostic, PublisherError, error, warning, has_errors
from .kinds import Mapping, Str, check_mapping
from ..core.yamlio import parse_yaml, plain, read_text

BRAND_FIELDS = (
    Mapping("name", "the publisher's name per language (key `en` is the fallback)",
            required=True),
    Mapping("colors", "primary, accent, text, muted and light colors as #rrggbb",
            required=True),
    Mapping("fonts", "font stacks: serif (body), sans (headings), mono", required=True),
    Str("logo", "the publisher's logo (SVG), relative to the brand file", required=True),
    Str("logo_inverse", "the logo for dark backgrounds", default=""),
    Mapping("series", "series name per document type and language", default={}),
    Mapping("license_text", "licence sentence per language", default={}),
    Mapping("disclaimer", "disclaimer per language", default={}),
    Str("css", "extra CSS appended to every stylesheet, relative to the brand file",
        default=""),
)

#: what each path of the brand must name: the site and the editions draw logos as SVG
KINDS = {"logo": (".svg",), "logo_inverse": (".svg",), "css": (".css",)}
COLOR_KEYS = ("primary", "accent", "text", "muted", "light")
FONT_KEYS = ("serif", "sans", "mono")


@dataclass(frozen=True)
class Brand:
    path: Path
    names: dict
    colors: dict
    fonts: dict
    logo: Path
    logo_inverse: Path | None
    series: dict
    license_text: dict
    disclaimer: dict
    css: Path | None

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or next(iter(self.names.values()))

    def series_name(self, doc_type: str, lang: str) -> str:
        names = self.series.get(doc_type) or {}
        return names.get(lang) or names.get("en", "")

    def localized(self, table: dict, lang: str) -> str:
        return table.get(lang) or table.get("en", "")

    def font_stack(self, key: str) -> str:
        generic = {"serif": "serif", "sans": "sans-serif", "mono": "monospace"}[key]
        names = [f'"{n}"' for n in self.fonts.get(key, [])]
        return ", ".join(names + [generic])

    def css_variables(self) -> str:
        lines = [f"  --brand-{k}: {v};" for k, v in self.colors.items()]
        lines += [f"  --font-{k}: {self.font_stack(k)};" for k in FONT_KEYS]
        return ":root {\n" + "\n".join(lines) + "\n}\n"

    def extra_css(self) -> str:
        return self.css.read_text(encoding="utf-8") if self.css else ""

    def digest(self) -> str:
        """A hash of everything the brand consists of (definition, logos, CSS)."""
        h = hashlib.sha256(self.path.read_bytes())
        for p in (self.logo, self.logo_inverse, self.css):
            if p is not None:
                h.update(p.read_bytes())
        return h.hexdigest()


def language_gaps(brand: Brand, languages, doc_types=()) -> list[Diagnostic]:
    """A warning for each language of the project that a text of the brand lacks (its
    name, the series names of the project's document types, the licence sentence and the
    disclaimer): the edition would show the English text instead, on its cover and its site."""
    from ..i18n.strings import language_name

    text, _ = read_text(brand.path)
    located = parse_yaml(text, brand.path)[0] if text is not None else None
    data = located.data if located is not None and hasattr(located.data, "get") else {}
    tables = [("name", brand.names, data.get("name"), data),
              *((f"series: {t}", brand.series.get(t) or {}, (data.get("series") or {}).get(t),
                 data.get("series")) for t in doc_types if t in brand.series),
              ("license_text", brand.license_text, data.get("license_text"), data),
              ("disclaimer", brand.disclaimer, data.get("disclaimer"), data)]
    found = []
    for label, table, _node, parent in tables:
        if not table:
            continue  # a brand without licence or disclaimer text: nothing is shown
        missing = [lang for lang in languages if not table.get(lang)]
        if not missing:
            continue
        key = label.split(": ")[-1]
        line, column = (located.key_position(key, parent)
                        if located is not None and isinstance(parent, CommentedMap) else (1, 1))
        for lang in missing:
            found.append(warning(
                "PUB122", f"the brand has no {label} in {language_name(lang)} ({lang}): the "
                f"{'English' if table.get('en') else 'first'} text is shown instead",
                brand.path, line, column, f"add `{lang}:` under `{key}:` with its "
                f"{language_name(lang)} text"))
    return found


def load_brand(path: Path) -> Brand:
    text, diagnostics = read_text(path)
    if text is None:
        raise PublisherError("cannot read the brand file", diagnostics)
    located, diagnostics = parse_yaml(text, path)
    if located is None:
        raise PublisherError("cannot parse the brand file", diagnostics)
    values, diagnostics = check_mapping(located, BRAND_FIELDS, "the brand file")
    folder = path.parent
    root = access.project_root_of(path)

    def need_file(key: str) -> Path | None:
        name = values.get(key)
        if not name:
            return None
        target, refused = access.confine(root, folder, name, f"brand file `{key}:`",
                                         KINDS[key])
        problem = (access.svg_problem(target)
                   if target is not None and target.suffix.lower() == ".svg" else None)
        if target is not None and key == "css":
            from ..validate.rawhtml import judge_css

            loads = judge_css(target.read_text("utf-8", "replace"), "the brand's CSS")
            if loads:
                target, refused = None, access.Refusal("PUB236", f"`{name}`: {loads[0].message}",
                                                       "style with colours and fonts only; "
                                                       "logos belong in `logo:`")
        if problem:
            target, refused = None, access.Refusal(
                "PUB235", f"brand file `{key}:` `{name}` {problem}", "save the logo as a "
                "plain SVG: shapes and text, images embedded as data: URLs, no scripts")
        if refused is not None:
            line, column = located.value_position(key)
            diagnostics.append(error(refused.code, refused.message, path, line, column,
                                     refused.hint))
        return target

    logo, logo_inverse, css = need_file("logo"), need_file("logo_inverse"), need_file("css")
    if logo is None and values.get("logo") == "":  # `logo: ''` names no file
        described = next(f.description for f in BRAND_FIELDS if f.name == "logo")
        diagnostics.append(error("PUB101", "missing required field `logo` in the brand file",
                                 path, *located.value_position("logo"),
                                 f"add `logo:` ({described})"))
    colors = {k: str(v) for k, v in plain(values.get("colors", {})).items()}
    for key in COLOR_KEYS:
        if key not in colors:
            line, column = located.key_position("colors") if "colors" in located.data else (1, 1)
            diagnostics.append(error("PUB101", f"brand color `{key}` is missing", path, line,
                                     column))
    fonts = {k: list(v) if isinstance(v, list) else [str(v)]
             for k, v in plain(values.get("fonts", {})).items()}
    if has_errors(diagnostics) or logo is None:  # a logo that is None was reported
        raise PublisherError("the brand file has errors", diagnostics)
    return Brand(
        path=path,
        names=plain(values["name"]) if isinstance(values["name"], dict) else {"en": values["name"]},
        colors=colors,
        fonts=fonts,
        logo=logo,
        logo_inverse=logo_inverse,
        series=plain(values.get("series", {})),
        license_text=plain(values.get("license_text", {})),
        disclaimer=plain(values.get("disclaimer", {})),
        css=css,
    )
