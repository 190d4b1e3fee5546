"""Review decisions: accept, reject, edit a claim; merge or split events and actors.

Everything here appends: a decision row names the reviewer, the time and an optional comment;
an edit writes a *new* claim (extractor "review") that `corrects` the machine's claim, which
stays as it was. Merges and splits are same / not-same judgements on event rows (or actors)
that clustering then applies; nothing is overwritten.

The reviewer's name comes from `--by`, else VEEDURIA_REVIEWER, else the OS user name.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any, Literal

from veeduria.store.api import ClaimRecord

__all__ = [
    "REVIEWER_ENV",
    "JudgementResult",
    "ReviewResult",
    "accept",
    "decide",
    "default_reviewer",
    "edit",
    "find_claim",
    "judge",
    "parse_value",
    "reject",
]

#: The environment variable that names the reviewer when `--by` is not given.
REVIEWER_ENV = "VEEDURIA_REVIEWER"

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PRECISION = {4: "year", 7: "month", 10: "day"}
_COUNTS = ("fatalities", "injured", "count")


@dataclass
class ReviewResult:
    claim_id: str  # the claim decided on
    decision: str
    reviewer: str
    claim_with_value: str  # the claim that now holds the reviewed value (the new one for edits)
    value: Any = None  # the new value, for an edit


@dataclass
class JudgementResult:
    id: int
    subject_type: str
    left_id: str
    right_id: str
    judgement: str
    author: str


def default_reviewer() -> str:
    """VEEDURIA_REVIEWER, else the OS user name, else "reviewer"."""
    name = os.environ.get(REVIEWER_ENV, "").strip()
    if name:
        return name
    import getpass

    try:
        return getpass.getuser() or "reviewer"
    except (KeyError, OSError):
        return "reviewer"


def _date_value(text: str) -> tuple[str, str]:
    text = text.strip()
    if not _DATE.match(text):
        raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    return text, _PRECISION[len(text)]


def parse_value(prop: str, text: str, *, subject_type: str = "event") -> Any:
    """The value a reviewer typed, as the claim of `prop` stores it; ValueError if it does not
    fit. JSON is accepted everywhere ('{"name": "Juliaca", ...}', '17')."""
    raw = text.strip()
    try:
        as_json: Any = json.loads(raw)
        parsed_json = True
    except ValueError:
        as_json, parsed_json = raw, False
    if prop in _COUNTS:
        if isinstance(as_json, bool) or not isinstance(as_json, int) or as_json < 0:
            raise ValueError(f"{prop} must be a whole number of people, not {raw!r}")
        return as_json
    if prop == "date" and subject_type == "event":
        if isinstance(as_json, dict):
            value, precision = _date_value(str(as_json.get("value", "")))
            end = as_json.get("end")
            return {"value": value, "precision": as_json.get("precision", precision), "end": end}
        start, _, end = raw.partition("..")
        value, precision = _date_value(start)
        return {
            "value": value,
            "precision": precision,
            "end": _date_value(end)[0] if end else None,
        }
    if prop == "as_of":
        return _date_value(raw)[0]
    if prop == "country":
        from veeduria.query.events import normalize_country

        code = normalize_country(str(as_json))
        if code is None:
            raise ValueError(f"{raw!r} is not a country: write an ISO code (PE) or a name")
        return code
    if prop == "type" and subject_type == "event":
        from veeduria.ontology import load_ontology

        return load_ontology().check_event_type(str(as_json))
    if prop == "place" and not parsed_json:
        return {
            "name": raw,
            "geonames_id": None,
            "lat": None,
            "lon": None,
            "admin1": None,
            "country": None,
            "precision": None,
        }
    if prop == "actor" and not parsed_json:
        name, _, role = raw.rpartition(":")
        if not name or role not in ("agent", "target", "victim", "participant"):
            name, role = raw, "participant"
        return {"name": name.strip(), "role": role}
    return as_json


def find_claim(store: Any, claim_id: str) -> ClaimRecord:
    """The claim with this id or unique id prefix; ValueError otherwise."""
    from veeduria.store import reading

    with store.engine.connect() as conn:
        matches = reading.match_claim_ids(conn, claim_id) if claim_id else []
        if not matches:
            raise ValueError(f"unknown claim {claim_id!r}: `veeduria review next` shows claims")
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (", …" if len(matches) > 5 else "")
            raise ValueError(f"claim id prefix {claim_id!r} is ambiguous: it matches {shown}")
        return reading.claims_by_id(conn, matches)[0]


def decide(
    store: Any,
    claim_id: str,
    decision: Literal["accept", "reject", "edit"],
    reviewer: str | None = None,
    *,
    comment: str | None = None,
    value: Any = None,
) -> ReviewResult:
    """Append one decision on a claim (id or unique prefix)."""
    claim = find_claim(store, claim_id)
    who = reviewer or default_reviewer()
    holder = store.add_review(claim.id, decision, who, comment=comment, new_value=value)
    return ReviewResult(
        claim_id=claim.id,
        decision=decision,
        reviewer=who,
        claim_with_value=holder,
        value=value,
    )


def accept(
    store: Any, claim_id: str, reviewer: str | None = None, *, comment: str | None = None
) -> ReviewResult:
    return decide(store, claim_id, "accept", reviewer, comment=comment)


def reject(
    store: Any, claim_id: str, reviewer: str | None = None, *, comment: str | None = None
) -> ReviewResult:
    return decide(store, claim_id, "reject", reviewer, comment=comment)


def edit(
    store: Any,
    claim_id: str,
    value_text: str,
    reviewer: str | None = None,
    *,
    comment: str | None = None,
) -> ReviewResult:
    """Write the corrected value as a new claim (parsed per property, see `parse_value`)."""
    claim = find_claim(store, claim_id)
    value = parse_value(claim.property, value_text, subject_type=claim.subject_type)
    return decide(store, claim.id, "edit", reviewer, comment=comment, value=value)


def _subject(store: Any, item_id: str) -> tuple[Literal["actor", "event"], str]:
    """("event", an event row id) for an event row or cluster id; ("actor", id) for an actor."""
    import sqlalchemy as sa

    from veeduria.store import reading
    from veeduria.store.schema import actors, events

    with store.engine.connect() as conn:
        key = reading.event_key_of(conn, item_id)
        if key is not None:
            if conn.execute(sa.select(events.c.id).where(events.c.id == item_id)).first():
                return "event", item_id
            rows = reading.event_members(conn, [key])
            return "event", str(rows[0].id)
        if conn.execute(sa.select(actors.c.id).where(actors.c.id == item_id)).first():
            return "actor", item_id
    raise ValueError(f"unknown event or actor {item_id!r}: `veeduria events list` shows event ids")


def judge(
    store: Any,
    left: str,
    right: str,
    judgement: Literal["same", "not_same", "unsure"],
    author: str | None = None,
    *,
    comment: str | None = None,
) -> JudgementResult:
    """Record that two events (row or cluster ids) or two actors are the same or not.

    A cluster id stands for its first event row. Clustering applies the judgement the next
    time it runs; a person's latest judgement outranks the machine's.
    """
    left_type, left_id = _subject(store, left)
    right_type, right_id = _subject(store, right)
    if left_type != right_type:
        raise ValueError(f"{left!r} is an {left_type} and {right!r} an {right_type}")
    if left_id == right_id:
        raise ValueError(f"{left!r} and {right!r} are the same {left_type} row")
    who = author or default_reviewer()
    jid = store.add_judgement(left_type, left_id, right_id, judgement, who, comment=comment)
    return JudgementResult(
        id=jid,
        subject_type=left_type,
        left_id=left_id,
        right_id=right_id,
        judgement=judgement,
        author=who,
    )
