"""The GraphQL over HTTP specification's media type: a client that accepts
``application/graphql-response+json`` gets 4xx without ``data`` for a request
that was never run, 200 with ``data`` once it ran; ``application/json`` clients
keep 200 with ``"data": null``."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from netmap.web.protocol import GRAPHQL_RESPONSE, response_media_type
from support.api import Api
from support.builders import person

NEW = {"accept": GRAPHQL_RESPONSE}
OLD = {"accept": "application/json"}

NOT_RUN = [
    ("{ people { nodes { name }", {}, "GRAPHQL_VALIDATION_FAILED"),
    ("{ people { nodes { nickname } } }", {}, "GRAPHQL_VALIDATION_FAILED"),
    ("query($n: Int!) { people(first: $n) { nodes { name } } }", {"n": "many"}, "GRAPHQL_VALIDATION_FAILED"),
    ("query($d: Date!) { people { nodes { measures(at: $d) { at } } } }", {"d": "0001-01-01"}, "DATE_OUT_OF_RANGE"),
    ("{ organisations { nodes { " + " ".join(["name"] * 200) + " } } }", {}, "QUERY_TOO_COMPLEX"),
]


def _post(api: Api, query: str, variables: dict[str, Any], headers: dict[str, str]) -> Any:
    auth = {"Authorization": f"Bearer {api.token}"}
    return api.client.post("/graphql", json={"query": query, "variables": variables}, headers={**auth, **headers})


@pytest.mark.parametrize(("query", "variables", "code"), NOT_RUN, ids=["syntax", "unknown field", "variable type", "date", "size"])
def test_a_request_never_run_is_4xx_without_data_for_the_new_media_type(
    api: Api, query: str, variables: dict[str, Any], code: str
) -> None:
    response = _post(api, query, variables, NEW)
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize(("query", "variables", "code"), NOT_RUN, ids=["syntax", "unknown field", "variable type", "date", "size"])
@pytest.mark.parametrize("accept", [OLD, {}, {"accept": "*/*"}], ids=["json", "no accept", "anything"])
def test_application_json_keeps_200_with_null_data(
    api: Api, query: str, variables: dict[str, Any], code: str, accept: dict[str, str]
) -> None:
    response = _post(api, query, variables, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == code


def test_a_request_that_ran_is_200_with_data_for_both(api: Api) -> None:
    someone = person(api, "Ada")
    for headers in (NEW, OLD):
        fine = _post(api, "{ people { nodes { name } } }", {}, headers)
        assert fine.status_code == 200 and fine.json() == {"data": {"people": {"nodes": [{"name": "Ada"}]}}}
        partial = _post(api, 'query($id: ID!) { person(id: $id) { name } auditLog(personId: "x") { nodes { action } } '
                             'tie(id: "nope") { id } }', {"id": someone}, headers)  # fmt: skip
        assert partial.status_code == 200 and partial.json()["data"]["person"] == {"name": "Ada"}
        refused = _post(api, "mutation { erasePerson(personId: \"unknown\") }", {}, headers)
        assert refused.status_code == 200 and "data" in refused.json()
        assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert _post(api, "{ __typename }", {}, NEW).headers["content-type"] == GRAPHQL_RESPONSE


def test_refusals_before_graphql_follow_the_media_type(client: TestClient) -> None:
    new = client.post("/graphql", content=b"{nope", headers={"content-type": "application/json", **NEW})
    assert new.status_code == 400 and new.headers["content-type"] == GRAPHQL_RESPONSE
    assert new.json() == {"errors": [{"message": new.json()["errors"][0]["message"], "extensions": {"code": "BAD_REQUEST"}}]}
    old = client.post("/graphql", content=b"{nope", headers={"content-type": "application/json", **OLD})
    assert old.status_code == 400 and old.json()["data"] is None


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0", "application/json"),
        ("*/*", "application/json"),
        ("text/html", "application/json"),
    ],
)
def test_the_media_type_is_negotiated_from_accept(accept: str | None, chosen: str) -> None:
    assert response_media_type(accept) == chosen
