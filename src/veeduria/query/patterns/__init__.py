"""Patterns: sequences of events across the evidence base, declared in YAML.

    from veeduria.query.patterns import get_pattern, run_pattern
    run = run_pattern(store.engine, get_pattern("coup-to-concession"), country="PE")
    for finding in run.findings: ...

The shipped patterns are the `*.yaml` files next to this module; docs/patterns.md describes the
format and how the engine selects and joins candidates.
"""

from veeduria.query.patterns.engine import Finding, PatternRun, TooManyChains, run_pattern
from veeduria.query.patterns.model import (
    Pattern,
    PatternError,
    builtin_patterns,
    get_pattern,
    load_pattern,
)

__all__ = [
    "Finding",
    "Pattern",
    "PatternError",
    "PatternRun",
    "TooManyChains",
    "builtin_patterns",
    "get_pattern",
    "load_pattern",
    "run_pattern",
]
