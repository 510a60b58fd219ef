"""How close and how often in touch: optional answers on a tie, recorded and
corrected through the API, imported from ties.csv, carried by every export
format and by backups."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from netmap.cli import app
from netmap.store.settings import StoreSettings
from support.api import Api
from support.builders import person, store_options
from support.ops import NETWORK_EXPORT
from support.probe import StoreProbe

runner = CliRunner()
ANSWERS = "id closeness contactFrequency"
RECORD = f"mutation($input: TieInput!) {{ recordTie(input: $input) {{ {ANSWERS} }} }}"
CORRECT = f"mutation($id: ID!, $input: TieCorrectionInput!) {{ correctTie(id: $id, input: $input) {{ {ANSWERS} corrections {{ before }} }} }}"


def test_the_answers_are_recorded_corrected_and_cleared(api: Api) -> None:
    vera, joan = person(api, "Vera"), person(api, "Joan")
    made = api.data(RECORD, input={"personId": vera, "otherId": joan, "kind": "FRIEND", "since": "2020-01-01",
                                   "closeness": "CLOSEST", "contactFrequency": "WEEKLY"})["recordTie"]  # fmt: skip
    assert (made["closeness"], made["contactFrequency"]) == ("CLOSEST", "WEEKLY")

    fixed = api.data(CORRECT, id=made["id"], input={"reason": "asked again", "closeness": "CLOSE",
                                                    "contactFrequency": None})["correctTie"]  # fmt: skip
    assert (fixed["closeness"], fixed["contactFrequency"]) == ("CLOSE", None)
    assert fixed["corrections"][0]["before"]["closeness"] == "CLOSEST"
    plain = api.data(RECORD, input={"personId": vera, "otherId": joan, "kind": "NEIGHBOUR", "since": "2020-01-01"})
    assert plain["recordTie"]["closeness"] is None, "not asked: no answer"
    refused = api.error(RECORD, input={"personId": vera, "otherId": joan, "kind": "FAMILY", "since": "2020-01-01",
                                       "closeness": "VERY"})  # fmt: skip
    assert refused["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_every_export_format_carries_the_answers(api: Api) -> None:
    vera, joan = person(api, "Vera", area="Old Town"), person(api, "Joan", area="Old Town")
    tie = api.data(RECORD, input={"personId": vera, "otherId": joan, "kind": "FRIEND", "since": "2020-01-01",
                                  "closeness": "CLOSE", "contactFrequency": "MONTHLY"})["recordTie"]["id"]  # fmt: skip

    def files(format: str) -> list[str]:
        found = api.data(NETWORK_EXPORT, cohort={"area": "Old Town"}, format=format, at="2025-01-01")
        return [f["content"] for f in found["networkExport"]["files"]]

    graphs = {
        "JSON": nx.node_link_graph(json.loads(files("JSON")[0]), edges="edges"),
        "GRAPHML": nx.parse_graphml(files("GRAPHML")[0]),
        "GEXF": nx.read_gexf(io.BytesIO(files("GEXF")[0].encode())),
    }
    for format, graph in graphs.items():
        [data] = [d for *_, d in graph.edges(data=True)]
        assert (data["closeness"], data["contact_frequency"]) == ("CLOSE", "MONTHLY"), format
    [edge] = list(csv.DictReader(io.StringIO(files("CSV")[1])))
    assert (edge["id"], edge["closeness"], edge["contact_frequency"]) == (tie, "CLOSE", "MONTHLY")


def test_ties_csv_gives_the_answers(tmp_path: Path, store_settings: StoreSettings, probe: StoreProbe) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "people.csv").write_text("key,name\nvera,Vera\njoan,Joan\n")
    (folder / "ties.csv").write_text("person,other,kind,since,closeness,contact_frequency\nvera,joan,friend,2020-01-01,closest,less_often\n")
    result = runner.invoke(app, [*store_options(store_settings), "import", str(folder)])
    assert result.exit_code == 0, result.output
    found = probe.rows("MATCH ()-[t:TIE]->() RETURN t.closeness AS c, t.contact_frequency AS f")
    assert found == [{"c": "CLOSEST", "f": "LESS_OFTEN"}]

    (folder / "ties.csv").write_text("person,other,kind,since,closeness\nvera,joan,friend,2020-01-01,far\n")
    refused = runner.invoke(app, [*store_options(store_settings), "import", str(folder)])
    assert refused.exit_code == 2
    assert "ties.csv, row 2, column closeness: INVALID_INPUT" in refused.output
