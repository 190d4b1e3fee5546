"""Extractor backends: "rules" (the default, `veeduria.nlp.extractor`) and "llm" (an optional
user-provided OpenAI-compatible server, `veeduria.nlp.llm`).

A backend has a `name` and a `version`, written into every claim it produces, and
`extract(doc) -> BackendResult`: the extraction plus the claims it rejected (with reasons), which
the run counts and reports and never stores. `in_processes` says whether a run with several
workers should use processes (CPU-bound, picklable) or threads (waiting on a server).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from veeduria.types import DocumentInput, Extraction

if TYPE_CHECKING:
    from veeduria.nlp.llm import LLMConfig

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Backend",
    "BackendResult",
    "RulesBackend",
    "get_backend",
]

DEFAULT_BACKEND = "rules"

# name -> one line for --help and the docs
BACKENDS: dict[str, str] = {
    "rules": "the rule-based extractor (spaCy, gazetteers, lexicons); the default",
    "llm": "a user-provided OpenAI-compatible server (Ollama, llama.cpp server, vLLM); optional",
}


@dataclass
class BackendResult:
    """What a backend made of one document."""

    extraction: Extraction
    rejections: list[str] = field(default_factory=list)  # "what: why", never stored


class Backend(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def in_processes(self) -> bool: ...

    def extract(self, doc: DocumentInput) -> BackendResult: ...


class RulesBackend:
    """The rule-based extractor. Stateless and picklable, so worker processes can run it."""

    in_processes = True

    @property
    def name(self) -> str:
        from veeduria.nlp.extractor import EXTRACTOR_NAME

        return EXTRACTOR_NAME

    @property
    def version(self) -> str:
        from veeduria.nlp.extractor import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION

    def extract(self, doc: DocumentInput) -> BackendResult:
        from veeduria.nlp.extractor import extract

        return BackendResult(extract(doc))


def get_backend(name: str = DEFAULT_BACKEND, *, llm: LLMConfig | None = None) -> Backend:
    """The backend called `name`; "llm" needs its server's configuration."""
    if name == "rules":
        return RulesBackend()
    if name == "llm":
        if llm is None:
            raise ValueError("the llm backend needs a server URL and a model name")
        from veeduria.nlp.llm import LLMExtractor

        return LLMExtractor(llm)
    raise ValueError(f"unknown extractor backend {name!r}; expected one of {', '.join(BACKENDS)}")
