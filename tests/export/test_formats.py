"""Every export format, read back by its consumer's own parser."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest
import sqlalchemy as sa
import yaml
from shapely.geometry import shape

from veeduria.export import (
    FORMAT_INFO,
    ExportError,
    ExportFilters,
    ExportOptions,
    get_exporter,
    stream_export,
)
from veeduria.export.acled import COLUMNS as ACLED_COLUMNS
from veeduria.export.acled import load_mapping
from veeduria.export.tables import TABLES
from veeduria.ontology import load_ontology
from veeduria.store.event_index import refresh_keys
from veeduria.store.schema import actors, events
from veeduria.store.sql import SQLStore
from veeduria.types import (
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


def export(store: SQLStore, fmt: str, **kwargs: object) -> bytes:
    table = kwargs.pop("table", None)
    filters = ExportFilters(**kwargs)  # type: ignore[arg-type]
    return b"".join(stream_export(store, fmt, ExportOptions(filters, table)))  # type: ignore[arg-type]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_registry_names_every_format() -> None:
    assert list(FORMAT_INFO) == ["csv", "jsonl", "ftm", "graphml", "geojson", "acled", "backup"]
    for name in FORMAT_INFO:
        assert callable(get_exporter(name))
    with pytest.raises(ExportError, match="unknown export format 'xls'"):
        get_exporter("xls")


def test_csv_events_table(evidence: SQLStore) -> None:
    rows = csv_rows(export(evidence, "csv", table="events"))
    assert [(r["type"], r["date"], r["country"], r["fatalities"], r["reviewed"]) for r in rows] == [
        ("repression_killing", "2023-01", "PE", "", "False"),  # its figure was rejected
        ("repression_killing", "2019-11-15", "BO", "9", "True"),
        ("regime_change", "2019-11-12", "BO", "", "False"),
    ]
    sacaba = rows[1]
    assert sacaba["place"] == "Sacaba"
    assert (sacaba["latitude"], sacaba["longitude"], sacaba["geo_precision"]) == (
        "-17.4",
        "-66.04",
        "place",
    )
    assert sacaba["actors"] == "Policía Boliviana (agent)"
    assert sacaba["quote"] == "En Sacaba, la policía mató a nueve manifestantes el 15 de noviembre."
    assert sacaba["source"] == "https://example.org/bolivia/anez.html"
    assert rows[0]["source"] == "Example Wire - Juliaca"  # no URL: publisher and title


def test_csv_zip_holds_every_table(evidence: SQLStore) -> None:
    data = export(evidence, "csv")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == [f"{t}.csv" for t in TABLES]
        tables = {n: csv_rows(zf.read(n)) for n in zf.namelist()}
    assert {r["name"] for r in tables["actors.csv"]} == {
        "Glencore", "Antapaccay", "Brasil", "Jeanine Áñez", "Policía Nacional del Perú",
        "Sacaba", "Policía Boliviana",
    }  # fmt: skip
    assert sorted((r["type"], r["source"], r["target"]) for r in tables["relations.csv"]) == [
        ("owns", "Glencore", "Antapaccay"),
        ("recognizes", "Brasil", "Jeanine Áñez"),
    ]
    claims = tables["claims.csv"]
    # Every claim's quote is what its span cuts from the document.
    texts = {
        d.id: evidence.get_document(d.id).text
        for d in evidence.list_documents()  # type: ignore[union-attr]
    }
    for c in claims:
        assert texts[c["document_id"]][int(c["start"]) : int(c["end"])] == c["quote"]
    # The rejected figure and the edited date are gone; the reviewer's edit is there.
    assert not [c for c in claims if c["property"] == "fatalities" and c["value"] == "10"]
    dates = [c for c in claims if c["property"] == "date" and "2019-11-12" in c["value"]]
    assert [(c["extractor"], c["author"], c["reviewed"]) for c in dates] == [
        ("review", "ben", "True")
    ]
    assert [(r["count"], r["as_of"]) for r in tables["death_tolls.csv"]] == [("9", "2019-11-15")]


def test_filters_select_events(evidence: SQLStore) -> None:
    def types(**kw: object) -> list[tuple[str, str]]:
        return [
            (r["type"], r["country"])
            for r in csv_rows(export(evidence, "csv", table="events", **kw))
        ]

    assert types(countries=("BO",)) == [("repression_killing", "BO"), ("regime_change", "BO")]
    assert types(types=("regime_change",)) == [("regime_change", "BO")]
    assert types(since="2020") == [("repression_killing", "PE")]
    assert types(until="2019-11-14") == [("regime_change", "BO")]
    assert types(since="2023-01-09", until="2023-01-09") == [("repression_killing", "PE")]
    # Only its type and figure were accepted: its country claim is not reviewed.
    assert types(reviewed_only=True) == [("repression_killing", "")]
    # Actors follow the selected events.
    actors = csv_rows(export(evidence, "csv", table="actors", countries=("PE",)))
    assert [a["name"] for a in actors] == ["Policía Nacional del Perú"]
    # Reviewed only: only reviewed claims, and the relation that was accepted.
    rels = csv_rows(export(evidence, "csv", table="relations", reviewed_only=True))
    assert [(r["type"], r["reviewed"]) for r in rels] == [("recognizes", "True")]
    claims = csv_rows(export(evidence, "csv", table="claims", reviewed_only=True))
    assert claims and all(c["reviewed"] == "True" for c in claims)


def test_jsonl_records(evidence: SQLStore) -> None:
    lines = [json.loads(x) for x in export(evidence, "jsonl").decode("utf-8").splitlines()]
    kinds = [x["record"] for x in lines]
    assert kinds == ["event"] * 3 + ["actor"] * 7 + ["relation"] * 2 + ["toll"]
    sacaba = lines[1]
    assert sacaba["place"]["name"] == "Sacaba" and sacaba["fatalities"] == 9
    assert {c["property"] for c in sacaba["claims"]} == {
        "type", "date", "country", "place", "fatalities", "actor",
    }  # fmt: skip


def test_geojson_is_rfc7946(evidence: SQLStore) -> None:
    data = json.loads(export(evidence, "geojson"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2  # the regime change has no coordinates
    for feature in data["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
        geom = shape(feature["geometry"])
        assert geom.geom_type == "Point" and geom.is_valid
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        for key in (
            "type",
            "date",
            "date_precision",
            "geo_precision",
            "fatalities",
            "sources",
            "country",
        ):
            assert key in props
    sacaba = data["features"][0]
    assert sacaba["geometry"]["coordinates"] == [-66.04, -17.4]  # [lon, lat]
    assert sacaba["properties"]["fatalities"] == 9
    assert sacaba["properties"]["sources"] == ["https://example.org/bolivia/anez.html"]
    empty = json.loads(export(evidence, "geojson", countries=("HN",)))
    assert empty == {"type": "FeatureCollection", "features": []}


def test_graphml_reads_in_networkx(evidence: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_bytes(export(evidence, "graphml"))
    graph = nx.read_graphml(path)
    assert isinstance(graph, nx.DiGraph)
    kinds = nx.get_node_attributes(graph, "node_type")
    assert sorted(kinds.values()).count("event") == 3
    assert sorted(kinds.values()).count("actor") == 7
    events = [n for n, k in kinds.items() if k == "event"]
    fat = {graph.nodes[n].get("fatalities") for n in events}
    assert 9 in fat and isinstance(graph.nodes[events[0]]["reviewed"], bool)
    sacaba = next(n for n in events if graph.nodes[n].get("fatalities") == 9)
    assert isinstance(graph.nodes[sacaba]["latitude"], float)
    roles = [(graph.nodes[u]["label"], d["role"]) for u, v, d in graph.in_edges(sacaba, data=True)]
    assert roles == [("Policía Boliviana", "agent")]
    rel = [(graph.nodes[u]["label"], graph.nodes[v]["label"], d["relation"])
           for u, v, d in graph.edges(data=True) if d["edge_type"] == "relation"]  # fmt: skip
    assert sorted(rel) == [
        ("Brasil", "Jeanine Áñez", "recognizes"),
        ("Glencore", "Antapaccay", "owns"),
    ]


def test_acled_csv(evidence: SQLStore) -> None:
    data = export(evidence, "acled")
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    assert next(reader) == ACLED_COLUMNS
    rows = csv_rows(data)
    assert [
        (r["event_date"], r["event_type"], r["sub_event_type"], r["country"], r["geo_precision"],
         r["time_precision"], r["fatalities"])
        for r in rows
    ] == [
        ("2019-11-12", "Strategic developments", "Other", "Bolivia", "3", "1", "0"),
        ("2019-11-15", "Protests", "Excessive force against protesters", "Bolivia", "1", "1", "9"),
        ("2023-01-01", "Protests", "Excessive force against protesters", "Peru", "1", "2", "0"),
    ]  # fmt: skip
    assert rows[1]["actor1"] == "Policía Boliviana"
    assert rows[1]["location"] == "Sacaba" and rows[1]["admin1"] == "Cochabamba"
    assert rows[1]["notes"].startswith("En Sacaba")


def test_acled_mapping_covers_the_ontology() -> None:
    mapping = load_mapping()
    ontology = load_ontology()
    assert set(mapping["event_types"]) == set(ontology.event_types)
    acled_types = {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
        "Riots", "Strategic developments",
    }  # fmt: skip
    for entry in [
        *mapping["event_types"].values(),
        *(v for over in mapping["by_extractor"].values() for v in over.values()),
    ]:
        if entry is not None:
            assert entry["event_type"] in acled_types
    assert mapping["time_precision"] == {"day": 1, "month": 2, "year": 3}
    assert mapping["geo_precision"] == {"place": 1, "admin1": 2, "country": 3}
    raw = (Path(__file__).parents[2] / "src/veeduria/export/data/acled_mapping.yaml").read_text()
    assert yaml.safe_load(raw)["version"] == 1


def test_ftm_entities_validate(evidence: SQLStore, tmp_path: Path) -> None:
    from followthemoney import model

    data = export(evidence, "ftm").decode("utf-8")
    entities = [json.loads(line) for line in data.splitlines()]
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids))
    schemata = sorted({e["schema"] for e in entities})
    assert schemata == [
        "Address", "Article", "Company", "Event", "Mention", "Person", "PublicBody",
        "UnknownLink",
    ]  # fmt: skip
    for e in entities:
        proxy = model.get_proxy(e, cleaned=False)  # raises on unknown schema or property
        assert proxy.to_dict()["properties"] == e["properties"]
    sacaba = next(e for e in entities if e["schema"] == "Event" and "fatalities: 9" in
                  e["properties"].get("description", [""])[0])  # fmt: skip
    props = sacaba["properties"]
    assert props["summary"] == [
        "En Sacaba, la policía mató a nueve manifestantes el 15 de noviembre."
    ]
    assert props["proof"] == ["vd-doc-doc-es"]
    assert props["sourceUrl"] == ["https://example.org/bolivia/anez.html"]
    assert props["date"] == ["2019-11-15"]
    # Deterministic: the same store gives the same stream.
    assert export(evidence, "ftm").decode("utf-8") == data
    # The ftm command-line tool reads and re-validates it.
    ftm = shutil.which("ftm") or str(Path(sys.executable).parent / "ftm")
    path = tmp_path / "e.ftm.json"
    path.write_text(data, encoding="utf-8")
    done = subprocess.run(
        [ftm, "validate", "-i", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(entities)
    done = subprocess.run(
        [ftm, "aggregate", "-i", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(entities)


def test_clustered_reports_are_one_event(evidence: SQLStore) -> None:
    """Two reports of the Sacaba killing, grouped by clustering: one point, one ACLED row."""
    text = "Ocho personas murieron en Sacaba, según la Defensoría."
    doc = IngestedDocument(text=text, source_kind="txt", source="sacaba2.txt",
                           publisher="Otro Diario", language="es",
                           published="2019-11-17")  # fmt: skip
    assert evidence.add_document(doc, doc_id="doc-es2", sha256="sha-es2")
    evidence.save_extraction(
        Extraction(
            document_id="doc-es2", extractor="rules", version="1", language="es",
            events=[Event(
                type="repression_killing", evidence=Span(0, len(text)), trigger=Span(14, 21),
                date=ValueSpan("2019-11", Span(0, 4), "month"), country="BO",
                place=Place("Sacaba", Span(25, 31), lat=-17.4, lon=-66.04, admin1="Cochabamba",
                            country="BO", precision="place"),
                fatalities=ValueSpan(8, Span(0, 4)),
            )],
        )
    )  # fmt: skip
    with evidence.engine.begin() as conn:
        rows = (
            conn.execute(
                sa.select(events.c.id).where(
                    events.c.type == "repression_killing", events.c.document_id.like("doc-es%")
                )
            )
            .scalars()
            .all()
        )
        assert len(rows) == 2
        conn.execute(events.update().where(events.c.id.in_(rows)).values(cluster_id="k-sacaba"))
        refresh_keys(conn)  # a cluster set by hand: rebuild the derived event index
    data = json.loads(export(evidence, "geojson", countries=("BO",)))
    assert len(data["features"]) == 1
    props = data["features"][0]["properties"]
    assert data["features"][0]["id"] == "k-sacaba"
    assert props["sources"] == ["https://example.org/bolivia/anez.html", "Otro Diario"]
    assert props["reports"] == 2
    assert props["date"] == "2019-11-15"  # the most precise date
    assert props["fatalities"] == 9  # reviewed claims first
    acled = [r for r in csv_rows(export(evidence, "acled")) if r["country"] == "Bolivia"]
    assert [(r["veeduria_id"], r["source"], r["fatalities"]) for r in acled[1:]] == [
        ("k-sacaba", "Diario Ejemplo; Otro Diario", "9")
    ]
    # The evidence-level formats keep one row per report.
    rows_csv = csv_rows(export(evidence, "csv", table="events", countries=("BO",)))
    assert sorted(r["cluster_id"] for r in rows_csv) == ["", "k-sacaba", "k-sacaba"]


def test_resolved_actors_are_one_node(evidence: SQLStore, tmp_path: Path) -> None:
    """A name node resolved to another (veeduria resolve) is exported as that actor."""
    text = "La presidenta Añez viajó a Sacaba."
    doc = IngestedDocument(text=text, source_kind="txt", source="anez2.txt", language="es")
    assert evidence.add_document(doc, doc_id="doc-es3", sha256="sha-es3")
    evidence.save_extraction(
        Extraction(
            document_id="doc-es3", extractor="rules", version="1", language="es",
            entities=[Entity("Presidenta Añez", "person", [Mention(3, 18, "presidenta Añez")])],
            events=[Event(type="other", evidence=Span(0, len(text)), trigger=Span(19, 24),
                          actors=[EventActor("Presidenta Añez", "agent", Span(3, 18))])],
        )
    )  # fmt: skip
    with evidence.engine.begin() as conn:
        ids = dict(conn.execute(sa.select(actors.c.name, actors.c.id)).all())
        conn.execute(
            actors.update()
            .where(actors.c.id.in_([ids["Presidenta Añez"], ids["Jeanine Áñez"]]))
            .values(resolved_id=ids["Jeanine Áñez"])
        )
    table = csv_rows(export(evidence, "csv", table="actors"))
    anez = [r for r in table if "ñez" in r["name"]]
    assert [(r["name"], r["aliases"], r["documents"], r["merged_ids"]) for r in anez] == [
        ("Jeanine Áñez", "Presidenta Añez; presidenta Añez; Áñez", "2", ids["Presidenta Añez"])
    ]
    path = tmp_path / "g.graphml"
    path.write_bytes(export(evidence, "graphml"))
    graph = nx.read_graphml(path)
    assert ids["Presidenta Añez"] not in graph
    assert sorted(graph.nodes[v]["event_type"] for v in graph.successors(ids["Jeanine Áñez"])) == [
        "other", "regime_change",
    ]  # fmt: skip
    ftm = [json.loads(x) for x in export(evidence, "ftm").decode("utf-8").splitlines()]
    person = next(e for e in ftm if e["schema"] == "Person")
    assert person["properties"]["proof"] == ["vd-doc-doc-es", "vd-doc-doc-es3"]
    assert "Presidenta Añez" in person["properties"]["alias"]


def test_document_cache_stays_bounded(evidence: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import veeduria.export.selection as selection

    monkeypatch.setattr(selection, "CACHE_LIMIT", 1)
    small = csv_rows(export(evidence, "csv", table="events"))
    monkeypatch.undo()
    assert small == csv_rows(export(evidence, "csv", table="events"))
