"""A small handmade evidence base for tests of the readers (events, figures, tolls, review).

Built from hand-written `Extraction`s through `store.save_extraction`: fast (no spaCy) and
exactly known. Tests of the web pages and exports may use it too:

    ids = build_scenario(store)
    ids["juliaca"]   # the cluster id of the three Juliaca reports

The scenario:

- doc-a (Agencia A, es, 2023-01-12): police killed 17 in Juliaca on 2023-01-09; the toll of
  protesters killed since 7 December reached 50;
- doc-b (Diario B, en, 2023-01-20): 18 killed in Juliaca on 2023-01-09; the toll rose to 54;
- doc-c (Wire C, en, 2023-01-21): a syndicated copy of doc-b: 18 killed, dated "2023-01";
- doc-d (Diario D, es, 2019-11-16): Jeanine Áñez took office in Bolivia on 2019-11-12 (a
  regime change), and Brasil recognized her government (undated, no country).

The three Juliaca event rows share the cluster id "k-juliaca" (set directly, as clustering
would).
"""

from __future__ import annotations

from typing import Any

from veeduria.types import (
    DatePrecision,
    DeathToll,
    Entity,
    Event,
    EventActor,
    Extraction,
    IngestedDocument,
    Mention,
    Place,
    Span,
    ValueSpan,
)

__all__ = ["JULIACA_CLUSTER", "SCOPE", "TEXTS", "build_scenario"]

JULIACA_CLUSTER = "k-juliaca"
SCOPE = "protesters killed since 7 December"

TEXTS = {
    "doc-a": (
        "La policía mató a diecisiete personas en Juliaca el 9 de enero de 2023. "
        "El número de muertos en las protestas desde el 7 de diciembre llegó a 50."
    ),
    "doc-b": (
        "Police killed eighteen people in Juliaca on January 9. "
        "The death toll in the protests since December 7 rose to 54."
    ),
    "doc-c": (
        "Police killed eighteen people in Juliaca on January 9. "
        "The death toll in the protests since December 7 rose to 54. (Wire C)"
    ),
    "doc-d": (
        "Jeanine Áñez asumió la presidencia de Bolivia el 12 de noviembre de 2019. "
        "Brasil reconoció al gobierno de Áñez."
    ),
}

_DOCS: dict[str, dict[str, Any]] = {
    "doc-a": {"publisher": "Agencia A", "published": "2023-01-12", "language": "es"},
    "doc-b": {"publisher": "Diario B", "published": "2023-01-20", "language": "en"},
    "doc-c": {"publisher": "Wire C", "published": "2023-01-21", "language": "en"},
    "doc-d": {"publisher": "Diario D", "published": "2019-11-16", "language": "es"},
}

_JULIACA = Place(
    "Juliaca",
    geonames_id=3937513,
    lat=-15.5,
    lon=-70.13,
    admin1="Puno",
    country="PE",
    precision="place",
)
_POLICE = "Policía Nacional del Perú"


def _span(text: str, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def _sentence(text: str, n: int) -> Span:
    starts = [0] + [i + 2 for i, ch in enumerate(text[:-2]) if ch == "." and text[i + 1] == " "]
    start = starts[n]
    end = text.index(".", start) + 1
    return Span(start, end)


def _juliaca(doc: str, words: dict[str, str], fatalities: int, conf: float) -> Extraction:
    t = TEXTS[doc]
    police = _span(t, words["police"])
    place = _span(t, "Juliaca")
    date_precision: DatePrecision = "month" if doc == "doc-c" else "day"
    date_value = "2023-01" if doc == "doc-c" else "2023-01-09"
    return Extraction(
        document_id=doc,
        extractor="hand",
        version="1",
        language=_DOCS[doc]["language"],
        entities=[
            Entity(
                _POLICE,
                "government_body",
                [Mention(police.start, police.end, words["police"])],
                country="PE",
            ),
        ],
        events=[
            Event(
                type="repression_killing",
                evidence=_sentence(t, 0),
                trigger=_span(t, words["trigger"]),
                date=ValueSpan(date_value, _span(t, words["date"]), date_precision),
                country="PE",
                country_span=place,
                place=Place(**{**_JULIACA.__dict__, "span": place}),
                fatalities=ValueSpan(fatalities, _span(t, words["number"])),
                actors=[EventActor(_POLICE, "agent", police)],
                confidence=conf,
            )
        ],
        tolls=[
            DeathToll(
                country="PE",
                count=int(words["toll"]),
                span=_span(t, words["toll"]),
                evidence=_sentence(t, 1),
                as_of=words["as_of"],
                scope=SCOPE,
            )
        ]
        if doc != "doc-c"
        else [],
    )


def _bolivia() -> Extraction:
    t = TEXTS["doc-d"]
    anez, anez2, brasil = _span(t, "Jeanine Áñez"), _span(t, "Áñez", 1), _span(t, "Brasil")
    return Extraction(
        document_id="doc-d",
        extractor="hand",
        version="1",
        language="es",
        entities=[
            Entity(
                "Jeanine Áñez",
                "person",
                [
                    Mention(anez.start, anez.end, "Jeanine Áñez"),
                    Mention(anez2.start, anez2.end, "Áñez"),
                ],
                country="BO",
            ),
            Entity("Brasil", "country", [Mention(brasil.start, brasil.end, "Brasil")]),
        ],
        events=[
            Event(
                type="regime_change",
                evidence=_sentence(t, 0),
                trigger=_span(t, "asumió"),
                date=ValueSpan("2019-11-12", _span(t, "12 de noviembre de 2019"), "day"),
                country="BO",
                country_span=_span(t, "Bolivia"),
                actors=[EventActor("Jeanine Áñez", "agent", anez)],
                confidence=0.9,
            ),
            Event(
                type="diplomatic_recognition",
                evidence=_sentence(t, 1),
                trigger=_span(t, "reconoció"),
                actors=[
                    EventActor("Brasil", "agent", brasil),
                    EventActor("Jeanine Áñez", "target", anez2),
                ],
                confidence=0.5,
            ),
        ],
    )


def build_scenario(store: Any) -> dict[str, str]:
    """Store the scenario; returns ids by name: the documents, "juliaca" (the cluster),
    "a", "b", "c" (its event rows), "anez" and "recognition" (event rows of doc-d), and the
    claim ids "fatalities_a", "fatalities_b", "fatalities_c", "toll_a", "toll_b"."""
    import sqlalchemy as sa

    from veeduria.store.schema import claims, events

    for doc, meta in _DOCS.items():
        store.add_document(
            IngestedDocument(
                text=TEXTS[doc],
                source_kind="txt",
                source=f"tests/{doc}.txt",
                url=f"https://example.org/{doc}",
                title=f"Report {doc[-1].upper()}",
                publisher=meta["publisher"],
                published=meta["published"],
                published_precision="day",
                language=meta["language"],
            ),
            doc_id=doc,
            sha256=f"sha-{doc}",
            syndicated_of="doc-b" if doc == "doc-c" else None,
        )
    es = {"police": "La policía", "trigger": "mató", "date": "9 de enero de 2023"}
    en = {"police": "Police", "trigger": "killed", "date": "January 9"}
    store.save_extraction(
        _juliaca(
            "doc-a", {**es, "number": "diecisiete", "toll": "50", "as_of": "2023-01-12"}, 17, 0.6
        )
    )
    store.save_extraction(
        _juliaca(
            "doc-b", {**en, "number": "eighteen", "toll": "54", "as_of": "2023-01-20"}, 18, 0.8
        )
    )
    store.save_extraction(
        _juliaca(
            "doc-c",
            {**en, "date": "January", "number": "eighteen", "toll": "54", "as_of": "2023-01-20"},
            18,
            0.8,
        )
    )
    store.save_extraction(_bolivia())

    ids: dict[str, str] = {doc: doc for doc in _DOCS}
    ids["juliaca"] = JULIACA_CLUSTER
    with store.engine.begin() as conn:
        rows = conn.execute(
            sa.select(events.c.id, events.c.document_id, events.c.type).order_by(events.c.id)
        ).all()
        for row in rows:
            if row.document_id == "doc-d":
                ids["anez" if row.type == "regime_change" else "recognition"] = row.id
            else:
                ids[row.document_id[-1]] = row.id
        conn.execute(
            events.update()
            .where(events.c.document_id.in_(["doc-a", "doc-b", "doc-c"]))
            .values(cluster_id=JULIACA_CLUSTER)
        )
        from veeduria.store.event_index import refresh_keys

        refresh_keys(conn)  # the cluster was set by hand: rebuild the derived index
        for row in conn.execute(
            sa.select(claims.c.id, claims.c.document_id, claims.c.property).where(
                claims.c.property.in_(["fatalities", "count"])
            )
        ):
            prefix = "fatalities" if row.property == "fatalities" else "toll"
            ids[f"{prefix}_{row.document_id[-1]}"] = row.id
    return ids
