"""The database explains itself in Datasette: real Datasette loads the metadata and runs each canned query."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import run_cli
from workbench.datasette_metadata import QUERIES, TABLES


def test_metadata_describes_real_tables_and_columns(seeded_db: Path) -> None:
    out = run_cli("--db", str(seeded_db), "datasette-metadata")
    assert out.code == 0, out.err
    metadata = json.loads(out.out)
    database = metadata["databases"][seeded_db.stem]
    conn = sqlite3.connect(f"file:{seeded_db}?mode=ro", uri=True)
    try:
        for table, spec in database["tables"].items():
            columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
            assert columns, f"{table} is not a table"
            assert set(spec.get("columns", {})) <= columns, table
            if "label_column" in spec:
                assert spec["label_column"] in columns
        for query in QUERIES.values():
            conn.execute(query["sql"]).fetchall()
    finally:
        conn.close()
    assert set(TABLES) <= set(database["tables"])


async def test_datasette_serves_the_canned_queries(seeded_db: Path, tmp_path: Path) -> None:
    from datasette.app import Datasette

    db = str(seeded_db)
    claim_id = json.loads(run_cli("--db", db, "claims", "--search", "At least 19 people", "--json").out)[0][
        "id"
    ]
    assert run_cli("--db", db, "verdict", str(claim_id), "false", "--reviewer", "ana").code == 0
    target = tmp_path / "metadata.json"
    assert run_cli("--db", db, "datasette-metadata", "-o", str(target)).code == 0
    again = run_cli("--db", db, "datasette-metadata", "-o", str(target), "--json")
    assert json.loads(again.out)["path"] == str(tmp_path / "metadata-2.json")  # never overwritten
    datasette = Datasette([db], metadata=json.loads(target.read_text()), immutables=[])
    await datasette.invoke_startup()
    name = seeded_db.stem
    awaiting = (await datasette.client.get(f"/{name}/awaiting_sign_off.json?_shape=array")).json()
    assert [row["id"] for row in awaiting] == [claim_id]
    disagree = (await datasette.client.get(f"/{name}/outlets_disagree.json?_shape=array")).json()
    assert claim_id in [row["claim"] for row in disagree]
    by_outlet = (await datasette.client.get(f"/{name}/verdicts_by_outlet.json?_shape=array")).json()
    assert by_outlet == [{"outlet": "RT", "verdict": "false", "verdict_scale": "check", "claims": 1}]
    claims_page = (await datasette.client.get(f"/{name}/claims.json?_labels=on&_size=1")).json()
    assert claims_page["rows"]
