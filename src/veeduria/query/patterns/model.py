"""Patterns as data: a YAML file per pattern, loaded into typed objects and checked on load.

A pattern is an ordered list of steps. Each step asks for an event of some types, and may
constrain it relative to earlier steps: a time window after a step (`after`), the span of the
other steps (`during: span`), the event's country (`country`), its place (`place`), and one
actor with a kind, a role and a country (`actor`), which can be bound to a name (`as`) for later
steps. A step with `absent: true` is a negative step: the chain holds only when *no* such event
exists. Errors name the file, the step and the field:

    coup-to-concession.yaml: step 2 (backing): after.step: unknown step 'cop'

See docs/patterns.md for the format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ActorConstraint",
    "CountryConstraint",
    "Pattern",
    "PatternError",
    "Step",
    "Window",
    "builtin_patterns",
    "get_pattern",
    "load_pattern",
    "parse_pattern",
]

ACTOR_KINDS = (
    "person",
    "organization",
    "company",
    "government_body",
    "political_party",
    "country",
    "place",
)
ROLES = ("agent", "target", "victim", "participant")


class PatternError(ValueError):
    """A pattern file that cannot be used; the message names file, step and field."""


@dataclass(frozen=True)
class CountryConstraint:
    """Country rules. A reference is a step id (that event's country) or an actor binding
    name (that actor's country); `in_` lists ISO codes."""

    same_as: tuple[str, ...] = ()
    differs_from: tuple[str, ...] = ()
    in_: tuple[str, ...] = ()

    def refs(self) -> tuple[str, ...]:
        return self.same_as + self.differs_from


@dataclass(frozen=True)
class ActorConstraint:
    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    country: CountryConstraint | None = None
    bind: str | None = None  # `as:` name later steps refer to
    # Entities named in the sentence that reports the event count too (role "mentioned"),
    # for event types the extractor gives no actors.
    mentioned: bool = False


@dataclass(frozen=True)
class Window:
    """`after: {step, within_days | within_months}`: the event falls in [ref start, ref end + N]."""

    step: str
    days: int = 0
    months: int = 0


@dataclass(frozen=True)
class Step:
    id: str
    number: int  # 1-based, as written
    types: tuple[str, ...]
    absent: bool = False
    after: Window | None = None
    during_span: bool = False
    country: CountryConstraint | None = None
    same_place_as: str | None = None
    actor: ActorConstraint | None = None
    label: str | None = None
    # At least this many matching events, with actors of as many different countries (or, with
    # no actor constraint, as many different events): "recognized by three governments".
    at_least: int = 1

    @property
    def title(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Pattern:
    name: str
    title: str
    description: str
    version: int
    steps: tuple[Step, ...]
    source: str = ""  # file it came from

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def evaluation_order(self) -> list[Step]:
        """Positive steps with their own windows first (declared order), then positive steps
        that need the span of the others, then negative steps (they only filter)."""
        first = [s for s in self.steps if not s.absent and not s.during_span]
        span = [s for s in self.steps if not s.absent and s.during_span]
        negative = [s for s in self.steps if s.absent]
        return first + span + negative

    def is_leaf(self, step: Step) -> bool:
        """Whether no other step refers to this one (its event, its date or an actor it
        binds): the engine then keeps every match of it in one chain instead of branching."""
        if step.absent or (step.actor is not None and step.actor.bind):
            return False
        for other in self.steps:
            refs: list[str] = []
            if other.after is not None:
                refs.append(other.after.step)
            if other.same_place_as:
                refs.append(other.same_place_as)
            if other.country is not None:
                refs.extend(other.country.refs())
            if other.actor is not None and other.actor.country is not None:
                refs.extend(other.actor.country.refs())
            if step.id in refs:
                return False
        # The span of the other steps is made of the dates of positive steps without
        # `during: span`.
        return step.during_span or not any(s.during_span for s in self.steps)

    def bindings(self) -> dict[str, Step]:
        """Actor binding name -> the step that binds it."""
        return {s.actor.bind: s for s in self.steps if s.actor is not None and s.actor.bind}


# ------------------------------------------------------------------------------ parsing

_STEP_FIELDS = {
    "id",
    "label",
    "types",
    "absent",
    "after",
    "during",
    "country",
    "place",
    "actor",
    "at_least",
}
_TOP_FIELDS = {"version", "name", "title", "description", "steps"}


class _Ctx:
    def __init__(self, source: str) -> None:
        self.source = source
        self.where = ""

    def fail(self, field_name: str, message: str) -> PatternError:
        where = f" {self.where}" if self.where else ""
        return PatternError(f"{self.source}:{where} {field_name}: {message}")


def _str_list(ctx: _Ctx, field_name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ctx.fail(field_name, "expected a name or a non-empty list of names")
    return tuple(value)


def _positive_int(ctx: _Ctx, field_name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ctx.fail(field_name, f"expected a whole number of 0 or more, got {value!r}")
    return value


def _check_keys(ctx: _Ctx, field_name: str, value: Any, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ctx.fail(field_name, f"expected a mapping, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ctx.fail(
            f"{field_name}.{unknown[0]}" if field_name else unknown[0],
            f"unknown field; expected one of {', '.join(sorted(allowed))}",
        )
    return value


def _country(ctx: _Ctx, field_name: str, value: Any) -> CountryConstraint:
    spec = _check_keys(ctx, field_name, value, {"same_as", "differs_from", "in"})
    if not spec:
        raise ctx.fail(field_name, "give same_as, differs_from or in")
    codes = _str_list(ctx, f"{field_name}.in", spec["in"]) if "in" in spec else ()
    for code in codes:
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            raise ctx.fail(f"{field_name}.in", f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return CountryConstraint(
        same_as=_str_list(ctx, f"{field_name}.same_as", spec["same_as"])
        if "same_as" in spec
        else (),
        differs_from=_str_list(ctx, f"{field_name}.differs_from", spec["differs_from"])
        if "differs_from" in spec
        else (),
        in_=codes,
    )


def _actor(ctx: _Ctx, value: Any) -> ActorConstraint:
    spec = _check_keys(
        ctx, "actor", value, {"kinds", "roles", "names", "country", "as", "mentioned"}
    )
    kinds = _str_list(ctx, "actor.kinds", spec["kinds"]) if "kinds" in spec else ()
    for kind in kinds:
        if kind not in ACTOR_KINDS:
            raise ctx.fail(
                "actor.kinds", f"unknown kind {kind!r}; expected one of {', '.join(ACTOR_KINDS)}"
            )
    roles = _str_list(ctx, "actor.roles", spec["roles"]) if "roles" in spec else ()
    for role in roles:
        if role not in ROLES:
            raise ctx.fail(
                "actor.roles", f"unknown role {role!r}; expected one of {', '.join(ROLES)}"
            )
    mentioned = spec.get("mentioned", False)
    if not isinstance(mentioned, bool):
        raise ctx.fail("actor.mentioned", f"expected true or false, got {mentioned!r}")
    if mentioned and roles:
        raise ctx.fail("actor.mentioned", "a mention has no role: drop roles or mentioned")
    bind = spec.get("as")
    if bind is not None and (not isinstance(bind, str) or not bind.isidentifier()):
        raise ctx.fail("actor.as", f"expected a simple name, got {bind!r}")
    return ActorConstraint(
        kinds=kinds,
        roles=roles,
        names=_str_list(ctx, "actor.names", spec["names"]) if "names" in spec else (),
        country=_country(ctx, "actor.country", spec["country"]) if "country" in spec else None,
        bind=bind,
        mentioned=mentioned,
    )


def _window(ctx: _Ctx, value: Any) -> Window:
    spec = _check_keys(ctx, "after", value, {"step", "within_days", "within_months"})
    step = spec.get("step")
    if not isinstance(step, str):
        raise ctx.fail("after.step", "expected the id of an earlier step")
    if ("within_days" in spec) == ("within_months" in spec):
        raise ctx.fail("after", "give exactly one of within_days, within_months")
    return Window(
        step=step,
        days=_positive_int(ctx, "after.within_days", spec.get("within_days", 0)),
        months=_positive_int(ctx, "after.within_months", spec.get("within_months", 0)),
    )


def _step(ctx: _Ctx, number: int, value: Any, event_types: set[str]) -> Step:
    ctx.where = f"step {number}"
    spec = _check_keys(ctx, "", value, _STEP_FIELDS)
    step_id = spec.get("id")
    if not isinstance(step_id, str) or not step_id.isidentifier():
        raise ctx.fail("id", f"expected a simple name such as 'coup', got {step_id!r}")
    ctx.where = f"step {number} ({step_id})"
    if "types" not in spec:
        raise ctx.fail("types", "missing; list one or more event types")
    types = _str_list(ctx, "types", spec["types"])
    for event_type in types:
        if event_type not in event_types:
            raise ctx.fail(
                "types",
                f"unknown event type {event_type!r}; "
                f"expected one of {', '.join(sorted(event_types))}",
            )
    absent = spec.get("absent", False)
    if not isinstance(absent, bool):
        raise ctx.fail("absent", f"expected true or false, got {absent!r}")
    during = spec.get("during")
    if during is not None and during != "span":
        raise ctx.fail("during", f"the only value is 'span', got {during!r}")
    place = spec.get("place")
    same_place: str | None = None
    if place is not None:
        place_spec = _check_keys(ctx, "place", place, {"same_as"})
        same_place = place_spec.get("same_as")
        if not isinstance(same_place, str):
            raise ctx.fail("place.same_as", "expected the id of an earlier step")
    label = spec.get("label")
    if label is not None and not isinstance(label, str):
        raise ctx.fail("label", "expected text")
    step = Step(
        id=step_id,
        number=number,
        types=types,
        absent=absent,
        after=_window(ctx, spec["after"]) if "after" in spec else None,
        during_span=during == "span",
        country=_country(ctx, "country", spec["country"]) if "country" in spec else None,
        same_place_as=same_place,
        actor=_actor(ctx, spec["actor"]) if "actor" in spec else None,
        label=label,
        at_least=_positive_int(ctx, "at_least", spec.get("at_least", 1)),
    )
    if step.after is not None and step.during_span:
        raise ctx.fail("during", "a step has either `after` or `during: span`, not both")
    if step.at_least < 1:
        raise ctx.fail("at_least", f"expected a whole number of 1 or more, got {step.at_least}")
    if step.at_least > 1 and absent:
        raise ctx.fail("at_least", "a negative step counts nothing")
    if step.at_least > 1 and step.actor is not None and step.actor.bind:
        raise ctx.fail("actor.as", "a step with at_least binds no single actor")
    if absent and step.actor is not None and step.actor.bind:
        raise ctx.fail("actor.as", "a negative step binds nothing")
    return step


def _check_references(ctx: _Ctx, pattern: Pattern) -> None:
    """Every reference points at a positive step (or binding) evaluated before it."""
    order = pattern.evaluation_order()
    bindings = pattern.bindings()
    known_steps: set[str] = set()
    known_bindings: set[str] = set()
    step_ids = [s.id for s in pattern.steps]
    for step in order:
        ctx.where = f"step {step.number} ({step.id})"

        def need_step(field_name: str, ref: str, current: Step = step) -> None:
            if ref not in step_ids:
                raise ctx.fail(field_name, f"unknown step {ref!r}")
            if pattern.step(ref).absent:
                raise ctx.fail(field_name, f"step {ref!r} is negative: nothing to refer to")
            if ref == current.id or ref not in known_steps:
                raise ctx.fail(field_name, f"step {ref!r} must come before this step")

        def need_ref(field_name: str, ref: str) -> None:
            if ref in bindings:
                if ref not in known_bindings:
                    raise ctx.fail(field_name, f"actor {ref!r} is bound by a later step")
                return
            if ref not in step_ids:
                raise ctx.fail(field_name, f"{ref!r} is neither a step id nor an actor (`as:`)")
            need_step(field_name, ref)

        if step.after is not None:
            need_step("after.step", step.after.step)
        if step.same_place_as is not None:
            need_step("place.same_as", step.same_place_as)
        if step.country is not None:
            for ref in step.country.refs():
                need_ref("country", ref)
        if step.actor is not None and step.actor.country is not None:
            for ref in step.actor.country.refs():
                need_ref("actor.country", ref)
        if step.during_span and not [s for s in pattern.steps if not s.during_span]:
            raise ctx.fail("during", "needs other steps to span")
        if not step.absent:
            known_steps.add(step.id)
            if step.actor is not None and step.actor.bind:
                known_bindings.add(step.actor.bind)
    ctx.where = ""
    first = order[0] if order else None
    if first is None or first.absent:
        raise ctx.fail("steps", "the first step must be a positive step")


def parse_pattern(raw: Any, source: str, event_types: set[str] | None = None) -> Pattern:
    """Validate a parsed YAML document; raise PatternError naming file, step and field."""
    if event_types is None:
        from veeduria.ontology import load_ontology

        event_types = set(load_ontology().event_types)
    ctx = _Ctx(source)
    spec = _check_keys(ctx, "", raw, _TOP_FIELDS)
    for required in ("version", "name", "steps"):
        if required not in spec:
            raise ctx.fail(required, "missing")
    name = spec["name"]
    if not isinstance(name, str) or not name or not name.replace("-", "_").isidentifier():
        raise ctx.fail("name", f"expected a name such as 'coup-to-concession', got {name!r}")
    version = _positive_int(ctx, "version", spec["version"])
    steps_raw = spec["steps"]
    if not isinstance(steps_raw, list) or not steps_raw:
        raise ctx.fail("steps", "expected a non-empty list of steps")
    steps = tuple(_step(ctx, i, s, event_types) for i, s in enumerate(steps_raw, start=1))
    ctx.where = ""
    seen: dict[str, int] = {}
    for step in steps:
        if step.id in seen:
            ctx.where = f"step {step.number} ({step.id})"
            raise ctx.fail("id", f"already used by step {seen[step.id]}")
        seen[step.id] = step.number
    binds = [s.actor.bind for s in steps if s.actor is not None and s.actor.bind]
    for bind in binds:
        if bind in seen or binds.count(bind) > 1:
            raise ctx.fail("steps", f"the actor name {bind!r} is used twice")
    for text_field in ("title", "description"):
        if text_field in spec and not isinstance(spec[text_field], str):
            raise ctx.fail(text_field, "expected text")
    pattern = Pattern(
        name=name,
        title=str(spec.get("title") or name),
        description=" ".join(str(spec.get("description") or "").split()),
        version=version,
        steps=steps,
        source=source,
    )
    _check_references(ctx, pattern)
    return pattern


def load_pattern(path: Path | str) -> Pattern:
    """Read and validate one pattern file."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PatternError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise PatternError(f"{path.name}: not valid YAML: {exc}") from exc
    pattern = parse_pattern(raw, path.name)
    if pattern.name != path.stem:
        raise PatternError(f"{path.name}: name: {pattern.name!r} differs from the file name")
    return pattern


@cache
def builtin_patterns() -> dict[str, Pattern]:
    """The patterns shipped in `veeduria/query/patterns/*.yaml`, by name."""
    out: dict[str, Pattern] = {}
    folder = resources.files(__package__)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out_pattern = load_pattern(Path(str(entry)))
            out[out_pattern.name] = out_pattern
    return out


def get_pattern(name: str) -> Pattern:
    """A shipped pattern by name, or a pattern file by path; PatternError if neither."""
    patterns = builtin_patterns()
    if name in patterns:
        return patterns[name]
    if name.endswith((".yaml", ".yml")):
        return load_pattern(name)
    raise PatternError(
        f"unknown pattern {name!r}; shipped patterns: {', '.join(sorted(patterns))} "
        "(or give the path of a .yaml file)"
    )
