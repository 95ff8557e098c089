"""A question's counting, kept in the build store while the survey and the code stay the same."""

from __future__ import annotations

import functools
from pathlib import Path


def stored_aggregate(data, survey, question, lang: str, options: dict):
    """The aggregate, its counting from the build store when the survey's files and the code
    that counts are the same as when it was made: an unchanged survey is not counted again,
    and the editions of a report in every language share one counting of each question."""
    import pickle

    from ..core import cache
    from .aggregate import aggregate, count

    groups = tuple(options["groups"] or ())
    how = dict(form=survey.form, by=options["by"], groups=groups, minimum=options["minimum"],
               quotes=options["quotes"], limit=options["limit"])
    name = cache.key("counted", code_digest(), data.survey_digest(survey.slug),
                     question.name, question.kind, repr(question.choices), repr(question.personal),
                     repr(sorted((k, v) for k, v in how.items() if k != "form")))
    counted = _COUNTED.get(name)
    if counted is None:
        stored = cache.get(name)
        if stored is not None:
            try:
                counted = pickle.loads(stored)
            except Exception:  # a damaged entry: count again
                counted = None
        if counted is None:
            counted = count(question, survey.rows, **how)
            cache.put(name, pickle.dumps(counted, pickle.HIGHEST_PROTOCOL))
        if len(_COUNTED) > 512:  # a long-lived process (serve) keeps the recent ones only
            _COUNTED.clear()
        _COUNTED[name] = counted
    return aggregate(question, survey.rows, lang, form=survey.form, counted=counted, **options)


#: countings made or read by this process, by their key in the store
_COUNTED: dict[str, object] = {}


@functools.cache
def code_digest() -> str:
    """A hash of the code that counts and describes (this package, charts, surveys); the
    code does not change while the process runs, so it is read once."""
    import hashlib

    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for folder in ("assess", "charts", "surveys"):
        for path in sorted((package / folder).glob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()
