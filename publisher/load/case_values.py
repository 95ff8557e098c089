"""The values of a case.yaml checked: identifiers, required fields, declared languages."""

from __future__ import annotations

from ..core import identifiers
from ..core.diagnostics import Diagnostic, error, warning
from ..core.model import Project
from ..core.yamlio import Located


def declared_languages(project: Project, located, values: dict) -> list[Diagnostic]:
    """Every language a case declares must be one of the project's (PUB106), at its item."""
    import difflib

    declared = values.get("languages") or []
    if not project.languages:
        return []
    found = []
    seq = located.data.get("languages")
    for index, lang in enumerate(declared):
        if lang in project.languages:
            continue
        line, column = (located.item_position(seq, index) if hasattr(seq, "lc")
                        else located.value_position("languages"))
        close = difflib.get_close_matches(lang.lower(), project.languages, n=1, cutoff=0.5)
        hint = (f"did you mean `{close[0]}`? " if close else "") + (
            "languages: " + ", ".join(project.languages))
        found.append(error("PUB106", f"language `{lang}` is not one of the project's languages",
                           located.path, line, column, hint))
    if declared:
        values["languages"] = [lang for lang in declared if lang in project.languages]
    return found


def case_value_checks(project: Project, located: Located, values: dict) -> list[Diagnostic]:
    """Identifiers and the fields each document type requires."""
    found = []
    path = located.path

    def at(key: str) -> tuple[int, int]:
        return located.value_position(key)


    doc_type = project.types.get(values.get("type", ""))
    for name in (doc_type.required if doc_type else ()):
        if doc_type and not values.get(name):
            found.append(error("PUB101", f"a {doc_type.name} needs `{name}`", path,
                               *located.start(), f"add `{name}:` to case.yaml"))
    # placeholders from a scaffold are reported once, as PUB120, not as bad identifiers
    values = {k: v for k, v in values.items() if not (isinstance(v, str) and "TODO" in v)}
    country = values.get("country")
    if country and country not in identifiers.countries():
        close = identifiers.country_suggestion(country)
        hint = (f"did you mean `{close}`?" if close
                else "use an ISO 3166-1 alpha-2 code such as AZ, AM, GE, KZ, KG, UZ, EE")
        found.append(error("PUB110", f"`{country}` is not an ISO 3166 country code", path,
                           *at("country"), hint))
    licence = values.get("license")
    if licence:
        canonical = identifiers.spdx(licence)
        if canonical is None:
            suggestion = identifiers.spdx_suggestion(licence)
            found.append(error("PUB111", f"`{licence}` is not an SPDX licence id", path,
                               *at("license"), f"did you mean `{suggestion}`?" if suggestion else
                               "use an SPDX id such as CC-BY-4.0 or CC-BY-SA-4.0"))
        elif canonical != licence:
            found.append(warning("PUB111", f"licence id `{licence}` is written `{canonical}`",
                                 path, *at("license"), f"write `{canonical}`"))
    isbn = values.get("isbn")
    if isbn:
        problem = identifiers.isbn_problem(isbn)
        if problem:
            found.append(error("PUB112", f"`{isbn}` is not a valid ISBN: {problem}", path,
                               *at("isbn"), "copy the ISBN from the agency that issued it"))
    doi = values.get("doi")
    if doi and not identifiers.doi_ok(doi):
        found.append(error("PUB113", f"`{doi}` is not a DOI", path, *at("doi"),
                           "a DOI looks like 10.1787/abcd1234 (without https://doi.org/)"))
    return found
