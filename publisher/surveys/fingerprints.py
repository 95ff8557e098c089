"""Which source texts each translation of a form was made from.

``surveys/<slug>/translations.yaml`` records, per language, a short hash of every text of the
source (default) language as it was when the translation was checked::

    ru:                              # written by `publisher survey sync SLUG ru`
      survey/relevance/label: 2c68f34dc55f
      choices/agree5/4/label: 9625b3f2e732

A translated text whose source hash differs from the recorded one is stale: the source
changed since it was translated (the same idea as stale sections of an edition). The form
itself stays a plain XLSForm that KoboToolbox and ODK Central accept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from .form import TRANSLATABLE, Form

RECORD_NAME = "translations.yaml"


def digest(text: str) -> str:
    """A hash of a text; runs of white space count as one space."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def source_texts(form: Form) -> dict[str, tuple[str, dict]]:
    """Every translatable text of the form by key, with the texts of its row per language."""
    out: dict[str, tuple[str, dict]] = {}
    for q in form.questions:
        for column in TRANSLATABLE:
            texts = q.texts.get(column)
            if texts and texts.values.get(form.default_language):
                out[f"survey/{q.name}/{column}"] = (texts.values[form.default_language], texts)
    for list_name, choices in form.choices.items():
        for c in choices:
            texts = c.texts.get("label")
            if texts and texts.values.get(form.default_language):
                out[f"choices/{list_name}/{c.name}/label"] = (
                    texts.values[form.default_language], texts)
    return out


def read_record(folder: Path) -> tuple[dict[str, dict[str, str]] | None, list[Diagnostic]]:
    """The recorded hashes per language, or None when the survey records none."""
    from ..core.yamlio import read_yaml

    path = folder / RECORD_NAME
    if not path.is_file():
        return None, []
    located, found = read_yaml(path)
    if located is None:
        return None, found
    data = located.data if isinstance(located.data, dict) else {}
    record: dict[str, dict[str, str]] = {}
    for lang, values in data.items():
        if not isinstance(values, dict):
            line, column = located.value_position(lang)
            found.append(error("PUB102", f"`{lang}` must map texts to hashes", path, line,
                               column))
            continue
        record[str(lang)] = {str(k): str(v) for k, v in values.items()}
    return record, found


def sync(form: Form, lang: str) -> Path:
    """Record that the form's `lang` texts match the source texts as they are now."""
    from ..core.atomic import write_atomically
    from ..core.yamlio import yaml_text

    folder = form.path.parent
    record, _ = read_record(folder)
    record = dict(record or {})
    record[lang] = {key: digest(text) for key, (text, texts) in sorted(
        source_texts(form).items()) if texts.values.get(lang)}
    text = yaml_text({k: record[k] for k in sorted(record)}, "Source texts each translation "
                     "was made from; written by `publisher survey sync`.")
    path = folder / RECORD_NAME
    write_atomically(path, text.encode("utf-8"))
    return path
