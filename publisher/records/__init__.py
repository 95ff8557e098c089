"""The alliance's records: members, events and the action plan, as validated data.

A pure core: it imports neither click, Jinja2 nor a PDF engine. `load_records` reads
the files, `check_records` adds the checks across them, `measures` computes the
indicators' actual values and `status` the state of the plan.
"""

from .load import ALLIANCE_FILE, EVENTS_FOLDER, PLAN_FILE, Loaded, load_records, record_files
from .model import Records
from .validate import check_records

__all__ = ["ALLIANCE_FILE", "EVENTS_FOLDER", "PLAN_FILE", "Loaded", "Records", "check_records",
           "load_records", "record_files"]
