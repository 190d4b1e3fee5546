"""The fast attribute-ruler match finds exactly the matches spaCy's Matcher finds."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import spacy

from veeduria.nlp.attribute_match import FastAttributeMatch, speed_up
from veeduria.nlp.pipeline import EN_MODEL, ES_MODEL, load_pipeline

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"

# Lines that exercise the rarer rules: contractions, two-token lemma rules, "there is".
EXTRA = {
    "en": [
        "Y'all gonna do it, didn't you? There is a man.   ",
        "gon na let 's c'm on, I told them 'em and it did.",
        "But they said nothin' about the ol' mine; somethin' was goin' on.",
    ],
    "es": ["Hay que decirlo:   el presidente no lo hizo."],
}


def _lines(lang: str) -> list[str]:
    texts = list(EXTRA[lang])
    if DEV.exists():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["lang"] == lang:
                texts.extend(t for t in row["text"].split("\n") if t.strip())
    return texts


@pytest.mark.parametrize(("model", "lang"), [(EN_MODEL, "en"), (ES_MODEL, "es")])
def test_same_matches_as_spacy(model: str, lang: str) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        nlp = spacy.load(model, exclude=["lemmatizer", "ner"])
    ruler: Any = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeMatch(ruler)
    docs = list(nlp.pipe(_lines(lang), disable=["attribute_ruler"]))
    assert len(docs) >= len(EXTRA[lang])
    for doc in docs:
        assert fast(doc) == ruler.match(doc), doc.text


def test_loaded_pipelines_use_it() -> None:
    for lang in ("en", "es"):
        ruler: Any = load_pipeline(lang).get_pipe("attribute_ruler")
        assert isinstance(ruler.match, FastAttributeMatch)


def test_unsupported_patterns_leave_the_ruler_alone() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">": 3}}]], {"TAG": "X"})  # type: ignore[attr-defined]
    assert speed_up(ruler) is False
    assert not isinstance(ruler.match, FastAttributeMatch)  # type: ignore[attr-defined]
