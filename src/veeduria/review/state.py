"""What a claim's review decisions amount to, in one place for every reader.

Decisions are appended, never edited, so a claim's state is read from its *latest* decision,
whoever made it (the latest human decision outranks the machine and earlier humans):

- ``accepted``: the latest decision is "accept", or the claim is a reviewer's edit (it names the
  claim it `corrects`) that no later decision rejected or edited again;
- ``rejected``: the latest decision is "reject";
- ``edited``: the latest decision is "edit": the value now lives in the new claim, this one
  stays as evidence of what the machine said;
- ``unreviewed``: no decision yet.

*Reviewed* claims are the accepted ones (accept or edit, as the ontology says); *active* claims
are those not rejected and not superseded by an edit: figures, dates and places are computed
from active claims, preferring reviewed ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from veeduria.store.api import ClaimRecord

__all__ = [
    "ClaimState",
    "claim_state",
    "is_active",
    "is_reviewed",
    "reviewed_claims",
    "state_from",
]

ClaimState = Literal["unreviewed", "accepted", "rejected", "edited"]

_BY_DECISION: dict[str, ClaimState] = {
    "accept": "accepted",
    "reject": "rejected",
    "edit": "edited",
}


def state_from(reviews: Sequence[dict[str, Any]], corrects: str | None) -> ClaimState:
    """The state for a claim's decisions (in the order they were made) and its `corrects`."""
    if reviews:
        latest = max(reviews, key=lambda r: int(r["id"]))
        return _BY_DECISION[str(latest["decision"])]
    return "accepted" if corrects is not None else "unreviewed"


def claim_state(claim: ClaimRecord) -> ClaimState:
    return state_from(claim.reviews, claim.corrects)


def is_reviewed(claim: ClaimRecord) -> bool:
    """Accepted, or a reviewer's edit: what `--reviewed-only` keeps."""
    return claim_state(claim) == "accepted"


def is_active(claim: ClaimRecord) -> bool:
    """Neither rejected nor replaced by an edit."""
    return claim_state(claim) in ("accepted", "unreviewed")


def reviewed_claims(claims: Sequence[ClaimRecord]) -> list[ClaimRecord]:
    """The reviewed claims among `claims`, in their order (for `--reviewed-only` listings,
    e.g. a document's claims from `store.claims_for_document`)."""
    return [c for c in claims if is_reviewed(c)]
