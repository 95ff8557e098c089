"""Illustrative responses: made up by a seeded generator, and labelled so everywhere.

Nobody published the answers given at the Alliance's 2019 seminars (Tashkent, May; Bishkek,
August), yet the assessment needs data to show how it will look. This generator makes them,
the same every time for the same seed, and says so in every output:

- the table is named ``illustrative-<batch>.csv`` and every row's ``_status`` is
  ``illustrative``;
- its Frictionless schema carries ``"x-publisher": {"illustrative": true}`` and a description
  saying the rows were made by this generator, not collected from anyone;
- every count made from it (`aggregate.tally`) carries the note "Illustrative data".

How the answers are drawn, with `random.Random(seed)` (seed 2019 unless asked otherwise):

- a batch per choice of the form's ``event`` question (a batch of 20 when there is none); its
  participants per member come from ``events/<choice>/event.yaml`` (``participants.by_member``)
  when the records have it, else two per member, and 80 % of them answer;
- an agreement scale (``agree5``): 1 to 5 with weights 2, 5, 15, 45 and 33, one step higher
  at most for the host's own staff;
- another single choice: uniform; a multiple choice: each choice with probability 0.4, at
  least one; ``yes``/``maybe``/``no``: 60/30/10;
- a text: a short answer from a pool in the batch's language (Russian for most respondents,
  English for a quarter), or nothing (40 %); an integer: 1 to 25;
- the batch passes through the KoboToolbox import like a real export (XML names, ``;``), so
  its table is exactly what an import of such an export gives.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
import uuid
from pathlib import Path

from .form import Form, Question
from .privacy import is_personal
from .responses import Imported, import_export

DEFAULT_SEED = 2019
RESPONSE_RATE = 0.8
AGREE_WEIGHTS = (2, 5, 15, 45, 33)
TEXTS = {
    "ru": ["Больше практических примеров", "Обмен контактами между ведомствами",
           "Перевод материалов заранее", "Больше времени на вопросы",
           "Учебный визит в агентство-организатор", "Опыт единого окна"],
    "en": ["More time for questions", "Practical examples from the host agency",
           "Share the slides before the seminar", "A follow-up online meeting"],
}


def _participants(root: Path, event: str) -> dict[str, int]:
    from ruamel.yaml import YAML

    path = Path(root) / "events" / event / "event.yaml"
    try:
        data = YAML(typ="safe").load(path.read_text("utf-8"))
        counts = data["participants"]["by_member"]
        return {str(k): int(v) for k, v in counts.items()}
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return {}
    except Exception:  # a YAML error: the records report it; here, the default applies
        return {}


def _answer(rng: random.Random, form: Form, q: Question, lang: str, host: bool) -> str:
    options = [c.name for c in form.options(q)]
    if q.kind == "select_one":
        if q.list_name.startswith("agree") and len(options) == 5:
            value = rng.choices(options, AGREE_WEIGHTS)[0]
            return str(min(5, int(value) + 1)) if host and rng.random() < 0.3 else value
        if set(options) >= {"yes", "no"}:
            weights = [{"yes": 60, "maybe": 30, "no": 10}.get(o, 5) for o in options]
            return rng.choices(options, weights)[0]
        return rng.choice(options) if options else ""
    if q.kind == "select_multiple":
        chosen = [o for o in options if rng.random() < 0.4] or [rng.choice(options)]
        return " ".join(chosen)
    if q.kind == "integer":
        return str(rng.randint(1, 25))
    if q.kind == "text":
        return "" if rng.random() < 0.4 else rng.choice(TEXTS[lang])
    return ""


def _relevant(q: Question, row: dict[str, str]) -> bool:
    """The simple conditions the feedback and needs surveys use: ${a} = 'x' [or ...]."""
    import re

    expression = q.get("relevant")
    if not expression:
        return True
    alternatives = re.findall(r"\$\{(\w+)\}\s*=\s*'([^']*)'", expression)
    return not alternatives or any(row.get(n) == v for n, v in alternatives)


def illustrate(form: Form, root: Path, seed: int = DEFAULT_SEED) -> list[Imported]:
    """Make and import the illustrative batches of `form`; a second run adds nothing."""
    rng = random.Random(seed)
    event_q = form.question("event")
    events = [c.name for c in form.options(event_q)] if event_q else [""]
    member_q = form.question("member")
    members = [c.name for c in form.options(member_q)] if member_q else []
    questions = [q for q in form.answered if not is_personal(q)]
    paths = {q.name: q.path for q in questions}
    results = []
    for event in events:
        counts = _participants(root, event) if event else {}
        if not counts:
            counts = {m: 2 for m in members} or {"": 20}
        host = max(counts, key=lambda m: counts[m])
        day = dt.datetime(2019, 5, 31, 11) if "tashkent" in event else (
            dt.datetime(2019, 8, 27, 10) if "bishkek" in event else dt.datetime(2018, 11, 1))
        rows = []
        for member, n in counts.items():
            for _ in range(n):
                if rng.random() > RESPONSE_RATE:
                    continue
                lang = "en" if rng.random() < 0.25 else "ru"
                row: dict[str, str] = {}
                for q in questions:
                    if q.name == "event":
                        row[q.name] = event
                    elif q.name == "member" and member:
                        row[q.name] = member
                    elif _relevant(q, row):
                        row[q.name] = _answer(rng, form, q, lang, member == host)
                ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                stamp = day + dt.timedelta(minutes=rng.randint(0, 150), seconds=rng.randint(0, 59))
                rows.append((row, ident, stamp))
        rows.sort(key=lambda r: r[2])
        header = [paths[q.name] for q in questions] + [
            "_id", "_uuid", "_submission_time", "_validation_status", "__version__", "_index"]
        with tempfile.TemporaryDirectory(prefix="illustrative-") as folder:
            export = Path(folder) / "export.csv"
            with export.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
                writer.writerow(header)
                for index, (row, ident, stamp) in enumerate(rows, start=1):
                    writer.writerow([row.get(q.name, "") for q in questions] + [
                        str(index), ident, stamp.isoformat(), "", form.version, str(index)])
            batch = event or form.slug
            results.append(import_export(form, export, "kobo", illustrative=True,
                                         name=f"illustrative-{batch}"))
    return results
