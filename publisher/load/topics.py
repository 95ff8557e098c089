"""The project's topics: a vocabulary declared once, in topics.yaml, with a label per language.

    digital-government:
      en: Digital government
      ru: Цифровое государство
      ...

A case lists topics by id (`topics: [digital-government]`); the site shows each reader the
label in their language, exactly as written. A project without topics.yaml keeps free topic
tags (shown as their ids, hyphens and all).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.diagnostics import Diagnostic, error, warning
from ..core.identifiers import slug_ok
from ..core.yamlio import Located, parse_yaml, read_text

TOPICS_NAME = "topics.yaml"


@dataclass(frozen=True)
class Vocabulary:
    path: Path
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> lang -> label

    def __contains__(self, topic: str) -> bool:
        return topic in self.labels

    def label(self, topic: str, lang: str) -> str:
        """The label of `topic` in `lang`; the English one, else the id, where it has none."""
        labels = self.labels.get(topic, {})
        return labels.get(lang) or labels.get("en") or topic


_LOADED: dict[tuple, tuple[Vocabulary | None, list[Diagnostic]]] = {}


def load(root: Path, languages: tuple[str, ...] = ()) -> tuple[Vocabulary | None, list[Diagnostic]]:
    """The vocabulary of the project at `root` (None without topics.yaml) and its problems."""
    path = root / TOPICS_NAME
    try:
        stat = path.stat()
    except OSError:
        return None, []
    key = (path, stat.st_mtime_ns, stat.st_size, tuple(languages))
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = _read(path, tuple(languages))
    return _LOADED[key]


def _read(path: Path, languages: tuple[str, ...]) -> tuple[Vocabulary | None, list[Diagnostic]]:
    text, found = read_text(path)
    if text is None:
        return None, found
    located, found = parse_yaml(text, path)
    if located is None:
        return Vocabulary(path), found
    found = list(found)
    labels: dict[str, dict[str, str]] = {}
    for topic, value in located.data.items():
        line, column = located.key_position(topic)
        topic = str(topic)
        if not slug_ok(topic):
            found.append(error("PUB721", f"topic id `{topic}` is not a slug", path, line,
                               column, "use lowercase letters, digits and hyphens, e.g. "
                               "digital-government"))
            continue
        if not isinstance(value, CommentedMap):
            found.append(error("PUB721", f"topic `{topic}` needs a label per language", path,
                               line, column, f"{topic}:\n  en: …\n  ru: …"))
            continue
        labels[topic] = {}
        for lang, label in value.items():
            at = located.value_position(lang, value)
            if not isinstance(label, str) or not label.strip():
                found.append(error("PUB721", f"the `{lang}` label of topic `{topic}` must be "
                                   "text", path, *at, f"{lang}: a few words"))
            elif languages and lang not in languages:
                close = difflib.get_close_matches(str(lang), languages, n=1, cutoff=0.5)
                found.append(warning("PUB723", f"topic `{topic}` has a label in `{lang}`, "
                                     "which is not one of the project's languages", path,
                                     *located.key_position(lang, value),
                                     (f"did you mean `{close[0]}`? " if close else "")
                                     + "languages: " + ", ".join(languages)))
            else:
                labels[topic][str(lang)] = label.strip()
        missing = [lang for lang in languages if lang not in labels[topic]]
        if missing:
            found.append(warning("PUB722", f"topic `{topic}` has no label in "
                                 + ", ".join(f"`{m}`" for m in missing), path, line, column,
                                 "readers of those languages see the "
                                 + ("English label" if "en" in labels[topic] else "id")
                                 + "; add e.g. `" + missing[0] + ": …`"))
    return Vocabulary(path, labels), found


def case_topics(root: Path, languages: tuple[str, ...], located: Located,
                topics: list) -> list[Diagnostic]:
    """Every topic a case lists must be in the project's vocabulary (PUB720), at its item."""
    vocabulary, _ = load(root, languages)
    if vocabulary is None:
        return []
    seq = located.data.get("topics")
    found = []
    for index, topic in enumerate(topics):
        topic = str(topic)
        if topic in vocabulary or "TODO" in topic:  # a scaffold's placeholder is PUB120
            continue
        line, column = (located.item_position(seq, index) if isinstance(seq, CommentedSeq)
                        else located.value_position("topics"))
        close = difflib.get_close_matches(topic.lower(), list(vocabulary.labels), n=1,
                                          cutoff=0.6)
        hint = (f"did you mean `{close[0]}`? " if close else "") + (
            f"declare it in {TOPICS_NAME} with a label per language, or use one of: "
            + ", ".join(sorted(vocabulary.labels)[:8])
            + (", …" if len(vocabulary.labels) > 8 else ""))
        found.append(error("PUB720", f"topic `{topic}` is not in {TOPICS_NAME}",
                           located.path, line, column, hint))
    return found
