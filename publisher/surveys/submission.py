"""A submission's metadata as each collection tool writes it (id, time of submission,
language, form version, review status), with the tools' timestamps in ISO 8601."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from .form import language_code


def parse_time(text: str) -> str:
    """The ISO 8601 form of the tools' timestamps; the text itself when not understood."""
    text = text.strip()
    if not text:
        return ""
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    match = re.match(r"^(.*?)\s+GMT([+-]\d{1,2})(?::?(\d\d))?$", text)
    zone = None
    if match:
        text = match.group(1)
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        zone = dt.timezone(dt.timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes))
    for pattern in ("%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y %H:%M:%S",
                    "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S"):
        try:
            stamp = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return (stamp.replace(tzinfo=zone) if zone else stamp).isoformat()
    return text


def metadata(source: str, meta: dict[str, str], record: list[str], header: list[str]):
    """(id, submitted, language, version, status) of one row."""
    if source == "kobo":
        return (meta.get("_uuid") or meta.get("_id", ""),
                parse_time(meta.get("_submission_time", "")), "",
                meta.get("__version__", ""), meta.get("_validation_status", ""))
    if source == "odk":
        return (meta.get("key") or meta.get("meta-instanceid", ""),
                parse_time(meta.get("submissiondate", "")), "", meta.get("formversion", ""),
                meta.get("reviewstate", ""))
    if source == "limesurvey":
        lang = meta.get("startlanguage") or meta.get("start language", "")
        return (meta.get("id") or meta.get("response id", ""),
                parse_time(meta.get("submitdate") or meta.get("date submitted", "")),
                language_code(lang) if lang else "", "", "")
    stamp = meta.get("timestamp", "")
    digest = hashlib.sha256("\x1f".join(record).encode("utf-8")).hexdigest()[:16]
    return (f"g-{digest}" if stamp or any(record) else "", parse_time(stamp), "", "", "")
