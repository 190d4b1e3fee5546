"""The pattern engine on handmade extractions, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from pattern_helpers import (
    COUP,
    DEAL,
    KILLING,
    PERU_ENTITIES,
    Article,
    Ent,
    Ev,
    add_article,
    peru_chain,
)

from veeduria.query.patterns import get_pattern, run_pattern
from veeduria.query.patterns.candidates import load_candidates, parse_date_interval
from veeduria.query.patterns.engine import merge_windows
from veeduria.store.sql import SQLStore


def run(store: SQLStore, name: str, **kw: object) -> list[dict[str, object]]:
    return run_pattern(store.engine, get_pattern(name), **kw).as_dicts()  # type: ignore[arg-type]


def step_quotes(finding: dict[str, object], step: int) -> list[str]:
    steps = finding["steps"]
    assert isinstance(steps, list)
    return [e["evidence"][0]["quote"] for e in steps[step - 1]["events"]]


def test_coup_to_concession_finds_the_chain_with_evidence_for_each_step(
    store: SQLStore,
) -> None:
    ids = peru_chain(store)
    findings = run(store, "coup-to-concession")
    assert len(findings) == 1
    f = findings[0]
    assert f["country"] == "PE"
    assert f["actors"] == {
        "backer": {"name": "Government of Canada", "kind": "government_body", "country": "CA"},
        "company": {"name": "Hudbay Minerals", "kind": "company", "country": "CA"},
    }
    assert step_quotes(f, 1) == [COUP.sentence]
    assert step_quotes(f, 2) == ["Ottawa said it supports President Boluarte."]
    assert step_quotes(f, 3) == [DEAL.sentence]
    assert step_quotes(f, 4) == [KILLING.sentence]
    deal = f["steps"][2]["events"][0]  # type: ignore[index]
    assert deal["evidence"][0]["document_id"] == ids["deal"]
    assert deal["evidence"][0]["publisher"] == "Mining Weekly"
    assert deal["evidence"][0]["published"] == "2023-06-20"
    assert deal["actors"][0]["name"] == "Hudbay Minerals"
    assert deal["actors"][0]["country"] == "CA"  # from the curated actors.yaml


def test_no_chain_when_a_step_is_missing(store: SQLStore) -> None:
    peru_chain(store, deal=None)
    assert run(store, "coup-to-concession") == []


def test_no_chain_when_the_company_is_of_another_country(store: SQLStore) -> None:
    chinese = Ev(
        "Zijin Mining signed a copper deal in Peru in May 2023.",
        "mining_deal_or_investment",
        "2023-05",
        "PE",
        [("Zijin Mining", "agent")],
    )
    peru_chain(store, deal=chinese)
    assert run(store, "coup-to-concession") == []


def test_no_chain_when_the_deal_is_outside_the_window(store: SQLStore) -> None:
    late = Ev(
        "Hudbay Minerals signed a new agreement in Peru in 2025.",
        "mining_deal_or_investment",
        "2025-03-01",
        "PE",
        [("Hudbay Minerals", "agent")],
    )
    peru_chain(store, deal=late)
    assert run(store, "coup-to-concession") == []


def test_a_domestic_government_is_not_foreign_backing(store: SQLStore) -> None:
    add_article(store, Article([COUP], "2022-12-08", entities=PERU_ENTITIES))
    add_article(
        store,
        Article(
            [
                Ev(
                    "The Peruvian government backed Boluarte.",
                    "diplomatic_statement",
                    "2022-12-10",
                    "PE",
                    [("Gobierno del Perú", "agent")],
                ),
                Ev(
                    "Compañía de Minas Buenaventura announced an investment in 2023.",
                    "mining_deal_or_investment",
                    "2023-02",
                    "PE",
                    [("Compañía de Minas Buenaventura", "agent")],
                ),
                KILLING,
            ],
            "2023-02-10",
            entities=[Ent("Gobierno del Perú", "government_body", "PE")],
        ),
    )
    assert run(store, "coup-to-concession") == []


def test_reports_of_the_same_coup_are_one_finding(store: SQLStore) -> None:
    peru_chain(store)
    again = Ev(
        "Peru's Congress ousted Castillo in December 2022.",
        "regime_change",
        "2022-12",
        "PE",
    )
    add_article(store, Article([again], "2023-01-05", "Sur Informa"))
    findings = run(store, "coup-to-concession")
    assert len(findings) == 1
    assert step_quotes(findings[0], 1) == [COUP.sentence, again.sentence]
    assert findings[0]["date"] == {"value": "2022-12-07", "precision": "day", "end": None}


def test_country_filter(store: SQLStore) -> None:
    peru_chain(store)
    assert len(run(store, "coup-to-concession", country="PE")) == 1
    assert run(store, "coup-to-concession", country="BO") == []


def test_rejected_claims_do_not_count_and_reviewed_only_needs_reviews(store: SQLStore) -> None:
    ids = peru_chain(store)
    assert run(store, "coup-to-concession", reviewed_only=True) == []
    for doc_id in ids.values():
        for claim in store.claims_for_document(doc_id):
            store.add_review(claim.id, "accept", "ana")
    assert len(run(store, "coup-to-concession", reviewed_only=True)) == 1
    deal_type = next(c for c in store.claims_for_document(ids["deal"]) if c.property == "type")
    store.add_review(deal_type.id, "reject", "ana")
    assert run(store, "coup-to-concession") == []


def test_killings_without_legal_action(store: SQLStore) -> None:
    add_article(store, Article([KILLING], "2022-12-16"))
    juliaca = Ev(
        "Security forces killed 17 protesters in Juliaca on January 9.",
        "repression_killing",
        "2023-01-09",
        "PE",
        place="Juliaca",
    )
    add_article(store, Article([juliaca], "2023-01-10"))
    add_article(
        store,
        Article(
            [
                Ev(
                    "Prosecutors opened an investigation into the Ayacucho killings in March.",
                    "legal_action",
                    "2023-03",
                    "PE",
                    place="Ayacucho",
                )
            ],
            "2024-02-01",
        ),
    )
    found = run(store, "killings-without-legal-action")
    assert [step_quotes(f, 1) for f in found] == [[juliaca.sentence]]
    assert found[0]["steps"][1]["window"] == {"from": "2023-01-09", "to": "2024-01-09"}  # type: ignore[index]
    # Before the twelve months have passed, absence cannot be claimed.
    assert run(store, "killings-without-legal-action", as_of=date(2023, 6, 1)) == []
    # A legal action that names no place could concern any killing in the country.
    add_article(
        store,
        Article(
            [Ev("A court ordered the police chief detained.", "legal_action", "2023-05-02", "PE")],
            "2023-05-03",
        ),
    )
    assert run(store, "killings-without-legal-action") == []


def test_emergency_then_killings(store: SQLStore) -> None:
    emergency = Ev(
        "The government declared a 30-day state of emergency on December 14.",
        "state_of_emergency",
        "2022-12-14",
        "PE",
    )
    add_article(store, Article([emergency, KILLING], "2022-12-16"))
    late = Ev(
        "Police killed a protester in Lima on March 1.", "repression_killing", "2023-03-01", "PE"
    )
    add_article(store, Article([late], "2023-03-02"))
    found = run(store, "emergency-then-killings")
    assert len(found) == 1
    assert step_quotes(found[0], 2) == [KILLING.sentence]


def test_candidates_are_selected_by_type_country_and_window(store: SQLStore) -> None:
    peru_chain(store)
    add_article(
        store,
        Article(
            [
                Ev("Áñez took office in Bolivia.", "regime_change", "2019-11", "BO"),
                Ev("Morales resigned in 2019.", "regime_change", "2019", "BO"),
            ],
            "2019-11-20",
        ),
    )
    with store.engine.connect() as conn:

        def ids(**kw: object) -> list[str]:
            found = load_candidates(conn, ["regime_change"], **kw)  # type: ignore[arg-type]
            return sorted(e.evidence[0].quote for e in found)

        assert len(ids()) == 3
        assert ids(countries={"BO"}) == [
            "Morales resigned in 2019.",
            "Áñez took office in Bolivia.",
        ]
        assert ids(windows=[(date(2019, 11, 30), date(2019, 12, 5))]) == [
            "Morales resigned in 2019.",
            "Áñez took office in Bolivia.",
        ]
        assert ids(windows=[(date(2019, 12, 1), date(2019, 12, 5))]) == [
            "Morales resigned in 2019."
        ]
        assert ids(windows=[(date(2022, 12, 7), date(2022, 12, 7))]) == [COUP.sentence]
        assert ids(windows=[(date(2022, 12, 8), date(2023, 1, 1))]) == []


def test_date_intervals() -> None:
    feb = parse_date_interval({"value": "2024-02", "precision": "month", "end": None})
    assert feb is not None and (feb.lo, feb.hi) == (date(2024, 2, 1), date(2024, 2, 29))
    span = parse_date_interval({"value": "2019-11-10", "end": "2019-11-12"})
    assert span is not None and (span.lo, span.hi) == (date(2019, 11, 10), date(2019, 11, 12))
    assert parse_date_interval({"value": "soon"}) is None


@pytest.mark.parametrize("name", ["coup-to-concession", "emergency-then-killings"])
def test_empty_store_has_no_findings(store: SQLStore, name: str) -> None:
    assert run(store, name) == []


def test_a_company_named_in_the_deal_sentence_counts(store: SQLStore) -> None:
    named = Ev(
        "Canadian miner Hudbay Minerals signed a contract for a Peruvian mine in June 2023.",
        "mining_deal_or_investment",
        "2023-06",
        "PE",
    )
    peru_chain(store, deal=named)
    (finding,) = run(store, "coup-to-concession")
    (deal,) = finding["steps"][2]["events"]  # type: ignore[index]
    assert deal["actors"][0]["role"] == "mentioned"
    assert deal["actors"][0]["evidence"]["quote"] == "Hudbay Minerals"


def test_a_company_named_elsewhere_in_the_article_does_not(store: SQLStore) -> None:
    unnamed = Ev(
        "A contract for a Peruvian copper mine was signed in June 2023.",
        "mining_deal_or_investment",
        "2023-06",
        "PE",
    )
    aside = Ev("Hudbay Minerals declined to comment.", "other", None, None)
    peru_chain(store, deal=None)
    add_article(store, Article([unnamed, aside], "2023-06-20", entities=PERU_ENTITIES))
    assert run(store, "coup-to-concession") == []


def test_candidate_windows_are_merged_and_several() -> None:
    d = date
    windows = [(d(2022, 12, 7), d(2023, 4, 6)), (d(2019, 11, 10), d(2020, 3, 9))]
    windows += [(d(2022, 12, 8), d(2023, 5, 1))]
    assert merge_windows(windows) == [
        (d(2019, 11, 10), d(2020, 3, 9)),
        (d(2022, 12, 7), d(2023, 5, 1)),
    ]
    assert merge_windows(windows, limit=1) == [(d(2019, 11, 10), d(2023, 5, 1))]


def test_candidates_in_two_windows(store: SQLStore) -> None:
    peru_chain(store)
    add_article(
        store, Article([Ev("Áñez took office.", "regime_change", "2019-11-12", "BO")], "2019-11-13")
    )
    with store.engine.connect() as conn:
        found = load_candidates(
            conn,
            ["regime_change"],
            windows=[
                (date(2019, 11, 1), date(2019, 11, 30)),
                (date(2022, 12, 1), date(2022, 12, 31)),
            ],
        )
        assert sorted(e.date.value for e in found if e.date) == ["2019-11-12", "2022-12-07"]
        assert load_candidates(conn, ["regime_change"], windows=[]) == []


def recognition(country_name: str, day: str) -> Ev:
    return Ev(
        f"{country_name} recognized Áñez as interim president on November {day}.",
        "diplomatic_recognition",
        f"2019-11-{day}",
        "BO",
        [(country_name, "agent")],
    )


def test_recognition_wave_needs_three_governments(store: SQLStore) -> None:
    change = Ev("Jeanine Áñez took office on November 12.", "regime_change", "2019-11-12", "BO")
    add_article(store, Article([change], "2019-11-13"))
    entities = [
        Ent("United States", "country", "US"),
        Ent("Brazil", "country", "BR"),
        Ent("Colombia", "country", "CO"),
        Ent("Bolivia", "country", "BO"),
    ]
    add_article(
        store,
        Article(
            [recognition("United States", "13"), recognition("Bolivia", "13")],
            "2019-11-14",
            entities=entities,
        ),
    )
    add_article(store, Article([recognition("Brazil", "14")], "2019-11-15", entities=entities))
    assert run(store, "recognition-wave") == []  # two foreign governments (Bolivia is not)
    add_article(store, Article([recognition("Colombia", "20")], "2019-11-21", entities=entities))
    (finding,) = run(store, "recognition-wave")
    steps = finding["steps"]
    assert isinstance(steps, list)
    names = [a["name"] for e in steps[1]["events"] for a in e["actors"]]
    assert sorted(names) == ["Brazil", "Colombia", "United States"]


def test_every_deal_of_one_chain_is_listed_in_one_finding(store: SQLStore) -> None:
    peru_chain(store)
    second = Ev(
        "Hudbay Minerals won a concession in Cusco in October 2023.",
        "mining_deal_or_investment",
        "2023-10",
        "PE",
        [("Hudbay Minerals", "agent")],
    )
    add_article(store, Article([second], "2023-10-20", entities=PERU_ENTITIES))
    (finding,) = run(store, "coup-to-concession")
    assert step_quotes(finding, 3) == [DEAL.sentence, second.sentence]
    assert step_quotes(finding, 4) == [KILLING.sentence]
