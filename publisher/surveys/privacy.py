"""Personal data: which answers identify a person, and where they may go.

A question is personal when the form marks it (``personal: yes``), when its type collects an
identifier (``email``, ``phonenumber``, ``username``, ``deviceid``, ...), or when its name says
it holds a name, an e-mail address or a phone number. The columns that collection tools add
about the submitter (KoboToolbox's ``_submitted_by``, ODK Central's ``SubmitterName``, Google
Forms' ``Email Address``, LimeSurvey's ``ipaddr`` and ``token``) are personal too.

Personal answers are left out of every imported table. Asked to keep them, the import writes
them to ``surveys/<slug>/personal/``, a folder that carries its own ``.gitignore`` and that
nothing published ever reads.
"""

from __future__ import annotations

import re

from .form import Form, Question

PERSONAL_DIR = "personal"
#: question types whose answers identify a person or a device
PERSONAL_TYPES = {"email", "phonenumber", "username", "deviceid", "simserial", "subscriberid",
                  "start-geopoint", "geopoint", "geotrace", "geoshape", "image", "audio",
                  "video", "background-audio", "signature"}
#: a person's name: the whole question name, perhaps after whose name it is
_PERSON_NAME = re.compile(
    r"^(respondent|participant|contact|your|person|interviewee)?_?(name|full_?name|"
    r"first_?name|last_?name|surname|given_?name|family_?name|fio|signature)$", re.I)
#: a way to reach a person, anywhere in the question name
_CONTACT = re.compile(r"(^|_)(e_?mail|phone|telephone|tel|mobile|cell|whatsapp|telegram|"
                      r"passport)(_|$)", re.I)
#: submitter columns of the collection tools' exports (compared case-insensitively)
PERSONAL_METADATA = {"_submitted_by", "submittername", "submitterid", "deviceid",
                     "email address", "email", "ipaddr", "token", "refurl", "username",
                     "phonenumber", "simserial", "subscriberid"}


def is_personal(question: Question) -> bool:
    if question.personal:
        return True
    if question.kind in PERSONAL_TYPES:
        return True
    if question.kind in ("note", "begin_group", "begin_repeat", "calculate"):
        return False
    return bool(_PERSON_NAME.match(question.name) or _CONTACT.search(question.name))


def personal_questions(form: Form) -> list[Question]:
    return [q for q in form.questions if is_personal(q)]


def is_personal_column(header: str) -> bool:
    return header.strip().lower() in PERSONAL_METADATA
