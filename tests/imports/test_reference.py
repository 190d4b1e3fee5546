"""Cline Center coups and UCDP GED rows as reference events, attributed to their dataset."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from shared_files import CLINE_CSV, UCDP_CSV, shared_file

from veeduria.export.imports import ImportFailure
from veeduria.export.imports.cline import import_cline
from veeduria.export.imports.reference import country_code
from veeduria.export.imports.ucdp import import_ucdp
from veeduria.store.schema import claims, documents
from veeduria.store.sql import SQLStore

CLINE_HEADER = (
    "coup_id,cowcode,country,year,month,day,event_type,unrealized,realized,conspiracy,attempt,"
    "military,dissident,rebel,palace,foreign,auto,resign,popular,counter,other,noharm,injured,"
    "killed,harrest,jailed,tried,fled,exile\n"
)
# Honduras 2009 (realized), Peru 2022 (attempted auto-coup), a made-up conspiracy with no day.
CLINE_ROWS = (
    '"91006282009",91,"Honduras",2009,6,28,"coup",0,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1\n'
    '"13512072022",135,"Peru",2022,12,7,"attempted",1,0,0,1,0,0,0,0,0,1,0,0,0,0,0,0,0,0,1,0,0,0\n'
    '"14500002020",145,"Bolivia",2020,3,,"conspiracy",1,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n'
)


def events_by_type(store: SQLStore) -> list[tuple[str, str, str]]:
    """(type, date, country) per event, from its claims, sorted."""
    out: dict[str, dict[str, object]] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(
            sa.select(claims.c.subject_id, claims.c.property, claims.c.value).where(
                claims.c.subject_type == "event"
            )
        ):
            out.setdefault(row.subject_id, {})[row.property] = json.loads(row.value)
    return sorted(
        (str(v["type"]), str(v["date"]["value"]), str(v.get("country"))) for v in out.values()
    )


def test_cline_handmade_rows(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "cline.csv"
    path.write_text(CLINE_HEADER + CLINE_ROWS, encoding="utf-8")
    result = import_cline(empty, path)
    assert (result.rows, result.documents, result.events, result.skipped) == (3, 3, 3, 0)
    assert events_by_type(empty) == [
        ("other", "2020-03", "BO"),
        ("other", "2022-12-07", "PE"),
        ("regime_change", "2009-06-28", "HN"),
    ]
    docs = empty.list_documents()
    assert {d.source_kind for d in docs} == {"dataset"}
    honduras = next(d for d in docs if d.source.endswith("coup_id=91006282009"))
    assert honduras.source == "cline@2.1.2#coup_id=91006282009"
    assert honduras.url == "https://doi.org/10.13012/B2IDB-3143201"
    assert honduras.title == "Cline Center Coup d'État Project v2.1.2: coup_id 91006282009"
    assert honduras.publisher is not None and "Cline Center" in honduras.publisher
    text = empty.get_document(honduras.id).text  # type: ignore[union-attr]
    assert text is not None
    assert text.startswith(
        "Cline Center Coup d'État Project v2.1.2 | coup_id=91006282009 | cowcode=91 | "
        "country=Honduras | year=2009 | month=6 | day=28 | event_type=coup"
    )
    by_prop = {c.property: c for c in empty.claims_for_document(honduras.id)}
    assert by_prop["date"].quote == "year=2009 | month=6 | day=28"
    assert by_prop["country"].quote == "country=Honduras"
    assert by_prop["reference"].value == {
        "dataset": "Cline Center Coup d'État Project",
        "version": "2.1.2",
        "coup_id": "91006282009",
        "cowcode": "91",
    }
    assert by_prop["reference"].quote == "coup_id=91006282009 | cowcode=91"
    assert by_prop["type"].extractor == "dataset:cline"
    assert by_prop["type"].extractor_version == "2.1.2"
    for claim in empty.claims_for_document(honduras.id):
        assert text[claim.start : claim.end] == claim.quote
    # The text extractor will not mine the rendered rows.
    from veeduria.nlp.run import extractor_identity

    name, version = extractor_identity()
    assert list(empty.documents_to_extract(name, version)) == []
    # Importing again writes nothing.
    again = import_cline(empty, path)
    assert (again.documents, again.skipped) == (0, 3)
    assert empty.stats()["claims"] == result.claims


def test_cline_slice_of_the_real_file(empty: SQLStore, tmp_path: Path) -> None:
    lines = shared_file(CLINE_CSV).read_text(encoding="utf-8").splitlines(keepends=True)
    wanted = [line for line in lines[1:] if '"Bolivia"' in line or '"Guatemala"' in line]
    path = tmp_path / "slice.csv"
    path.write_text(lines[0] + "".join(wanted), encoding="utf-8")
    result = import_cline(empty, path)
    assert result.events == len(wanted)
    found = events_by_type(empty)
    assert ("regime_change", "2019-11-10", "BO") in found
    assert ("regime_change", "1954-06-27", "GT") in found


def test_cline_missing_columns(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("coup_id,country,year\n1,Peru,2000\n", encoding="utf-8")
    with pytest.raises(ImportFailure, match=rf"{path}, line 1: missing columns cowcode, month"):
        import_cline(empty, path)
    assert empty.stats()["documents"] == 0


def test_cline_bad_row_writes_nothing(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    bad = '"1",1,"Peru",19x9,1,1,"coup",0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n'
    path.write_text(CLINE_HEADER + CLINE_ROWS + bad, encoding="utf-8")
    with pytest.raises(ImportFailure, match=rf"{path}, line 5: year='19x9' is not a number"):
        import_cline(empty, path)
    assert empty.stats()["documents"] == 0 and empty.stats()["claims"] == 0


UCDP_HEADER = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,"
    "region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    "deaths_unknown,best,high,low,gwnoa,gwnob\n"
)
UCDP_ONE_SIDED = (
    "900001,MEX-2014-3-1-1,2014,True,Clear,3,1,1,Government of Mexico - Civilians,1,1,"
    "Government of Mexico - Civilians,10,10,Government of Mexico,1,1,Civilians,2,"
    '"El Universal,2014-06-30,Tlatlaya",El Universal,2014-06-30,Tlatlaya,,1,Tlatlaya town,'
    "Tlatlaya,México state,Tlatlaya municipality,18.6167,-100.2,POINT (-100.2 18.6167),1,"
    "Mexico,70,Americas,1,1,2014-06-30,2014-06-30,0,0,22,0,22,22,15,70,\n"
)


def test_ucdp_handmade_one_sided_row(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "ucdp.csv"
    path.write_text(UCDP_HEADER + UCDP_ONE_SIDED, encoding="utf-8")
    result = import_ucdp(empty, path)
    assert (result.rows, result.events) == (1, 1)
    doc = empty.list_documents()[0]
    assert doc.source == "ucdp-ged@24.1#id=900001"
    by_prop: dict[str, list[object]] = {}
    quotes: dict[str, str] = {}
    for c in empty.claims_for_document(doc.id):
        if c.subject_type == "event":
            by_prop.setdefault(c.property, []).append(c.value)
            quotes[c.property] = c.quote
    assert by_prop["type"] == ["repression_killing"]
    assert by_prop["fatalities"] == [22]
    assert by_prop["fatalities_low"] == [15] and by_prop["fatalities_high"] == [22]
    assert quotes["fatalities_low"] == "15"
    assert by_prop["date"] == [{"value": "2014-06-30", "precision": "day", "end": None}]
    assert by_prop["place"] == [
        {
            "name": "Tlatlaya town",
            "geonames_id": None,
            "lat": 18.6167,
            "lon": -100.2,
            "admin1": "México state",
            "country": "MX",
            "precision": "place",
        }
    ]
    # The government is the agent; "Civilians" is an unnamed group and no actor.
    assert by_prop["actor"] == [{"name": "Government of Mexico", "role": "agent"}]
    assert by_prop["reference"] == [
        {
            "dataset": "UCDP Georeferenced Event Dataset",
            "version": "24.1",
            "id": "900001",
            "relid": "MEX-2014-3-1-1",
        }
    ]
    assert quotes["reference"] == "id=900001 | relid=MEX-2014-3-1-1"


def test_ucdp_slice_of_the_real_file(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "slice.csv"
    with shared_file(UCDP_CSV).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)  # some rows hold quoted line breaks
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(next(reader) for _ in range(201))
    result = import_ucdp(empty, path, version="24.1")
    assert (result.rows, result.events, result.skipped) == (200, 200, 0)
    with empty.engine.connect() as conn:
        kinds = set(conn.execute(sa.select(documents.c.source_kind)).scalars())
        assert kinds == {"dataset"}
        first = conn.execute(
            sa.select(claims.c.value, claims.c.quote).where(
                claims.c.property == "reference", claims.c.value.like('%"id":"182027"%')
            )
        ).one()
    assert first.quote == "id=182027 | relid=MEX-1992-2-14353-10"
    types = {t for t, _, _ in events_by_type(empty)}
    assert types <= {"clash", "repression_killing", "other"}
    # Every claim's quote is its span of the rendered row.
    for doc in empty.list_documents(limit=20):
        text = empty.get_document(doc.id).text  # type: ignore[union-attr]
        for claim in empty.claims_for_document(doc.id):
            assert text is not None and text[claim.start : claim.end] == claim.quote


def test_ucdp_bad_row_names_the_line(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "ucdp.csv"
    bad = UCDP_ONE_SIDED.replace("900001,", "900002,").replace(",3,1,1,Gov", ",9,1,1,Gov", 1)
    path.write_text(UCDP_HEADER + UCDP_ONE_SIDED + bad, encoding="utf-8")
    with pytest.raises(ImportFailure, match=rf"{path}, line 3: type_of_violence=9"):
        import_ucdp(empty, path)
    assert empty.stats()["documents"] == 0
    missing = tmp_path / "missing.csv"
    missing.write_text("id,relid\n1,x\n", encoding="utf-8")
    with pytest.raises(
        ImportFailure, match=rf"{missing}, line 1: missing columns type_of_violence"
    ):
        import_ucdp(empty, missing)


def test_country_codes() -> None:
    assert country_code("Bolivia") == "BO"
    assert country_code("Surinam") == "SR"
    assert country_code("USSR") is None


def test_reference_import_and_export_on_both_backends(store: SQLStore, tmp_path: Path) -> None:
    from veeduria.export import ExportOptions, stream_export

    path = tmp_path / "ucdp.csv"
    path.write_text(UCDP_HEADER + UCDP_ONE_SIDED, encoding="utf-8")
    assert import_ucdp(store, path).events == 1
    cline = tmp_path / "cline.csv"
    cline.write_text(CLINE_HEADER + CLINE_ROWS, encoding="utf-8")
    assert import_cline(store, cline).events == 3
    geo = json.loads(b"".join(stream_export(store, "geojson", ExportOptions())))
    assert [f["properties"]["sources"] for f in geo["features"]] == [
        ["https://ucdp.uu.se/downloads/"]
    ]
    acled = list(
        csv.DictReader(
            io.StringIO(b"".join(stream_export(store, "acled", ExportOptions())).decode("utf-8"))
        )
    )
    ucdp = [r for r in acled if r["country"] == "Mexico"]
    assert [(r["event_type"], r["sub_event_type"], r["fatalities"], r["actor1"]) for r in ucdp] == [
        ("Violence against civilians", "Attack", "22", "Government of Mexico")
    ]
    regime = [r for r in acled if r["country"] == "Honduras"]
    assert [(r["event_date"], r["event_type"], r["geo_precision"]) for r in regime] == [
        ("2009-06-28", "Strategic developments", "3")
    ]


def test_dataset_rows_are_never_mined_by_a_text_extractor(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "cline.csv"
    path.write_text(CLINE_HEADER + CLINE_ROWS, encoding="utf-8")
    import_cline(empty, path)
    assert list(empty.documents_to_extract("some-future-extractor", "99")) == []
