"""Routing on a cluster (neo4j:// URIs): reads go to readers as read transactions, writes to writers.

There is no cluster here, so :class:`BoltRouter` plays one in front of the real
embedded server: it hands the driver a routing table with a distinct router,
reader and writer port, and counts the transactions each port is sent.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from netmap.domain.records import Person, Recorded
from netmap.store.connection import open_store
from netmap.store.embedded import Endpoint
from netmap.store.people import PeopleFilter, create_person, get_people, page_people
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from support.api import Api
from support.bolt_router import BEGIN, ROUTE, BoltRouter
from support.ops import CREATE_PERSON
from support.probe import StoreProbe

pytestmark = pytest.mark.fast

RUN = 0x10
RECORDED = Recorded("routing-test", datetime(2024, 1, 1, tzinfo=timezone.utc))
PEOPLE = "query { people { nodes { id name } } }"


@pytest.fixture
def router(endpoint: Endpoint) -> Iterator[BoltRouter]:
    target = urlsplit(endpoint.uri)
    assert target.hostname and target.port
    with BoltRouter(target.hostname, target.port, endpoint.database) as found:
        yield found


@pytest.fixture
def routed(router: BoltRouter, store_settings: StoreSettings) -> StoreSettings:
    """The test store's settings, but reached through the router's neo4j:// URI."""
    return StoreSettings(
        uri=router.uri, user=store_settings.user, password=store_settings.password, database=store_settings.database
    )


def _transactions(router: BoltRouter) -> dict[str, Counter[str]]:
    return {role: +counts for role, counts in router.begins.items()}


def test_store_reads_reach_the_reader_as_read_transactions_and_writes_the_writer(
    router: BoltRouter, routed: StoreSettings, probe: StoreProbe
) -> None:
    ada, bo = (Person(id=i, name=n, recorded=RECORDED) for i, n in (("p-ada", "Ada"), ("p-bo", "Bo")))

    async def run() -> tuple[int, dict[str, Person], list[str], dict[str, Person]]:
        async with open_store(routed, migrate=False, keep_alive=False) as store:
            await store.write(create_person, ada)
            await store.write(create_person, bo)
            both = await store.read(get_people, ["p-ada", "p-bo"])
            page = await store.read(page_people, PeopleFilter(), None, 10)
            one = await store.read(get_people, ["p-bo"])
            return store.transactions, both, [p.name for p in page.items], one

    transactions, both, names, one = asyncio.run(run())

    assert (both, names, one) == ({"p-ada": ada, "p-bo": bo}, ["Ada", "Bo"], {"p-bo": bo})
    assert {row["id"] for row in probe.rows("MATCH (n:Person) RETURN n.id AS id")} == {"p-ada", "p-bo"}
    assert router.versions and min(router.versions) >= (4, 3)  # ROUTE exists from Bolt 4.3
    assert transactions == 5
    assert _transactions(router) == {"ROUTE": Counter(), "READ": Counter(r=3), "WRITE": Counter(w=2)}
    # The router port only routed; routing was asked of it alone, and queries ran elsewhere.
    assert router.messages["ROUTE"][ROUTE] >= 1
    assert router.messages["ROUTE"][RUN] == router.messages["ROUTE"][BEGIN] == 0
    assert router.messages["READ"][ROUTE] == router.messages["WRITE"][ROUTE] == 0
    assert router.messages["READ"][RUN] >= 3 and router.messages["WRITE"][RUN] >= 2


def _analysis_built(client: TestClient, api: Api) -> None:
    """Wait until the worker's first build of the analysis is over (it reads in the background)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        answer = client.post("/graphql", json={"query": '{ cohort(cohort: {area: "Nowhere"}) { size } }'},
                             headers={"Authorization": f"Bearer {api.token}"})  # fmt: skip
        if answer.status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError("the analysis was not built within 120 s")


def test_graphql_reads_go_to_the_reader_and_mutations_to_the_writer(
    router: BoltRouter, routed: StoreSettings, probe: StoreProbe
) -> None:
    with TestClient(create_app(AppSettings(store=routed, analysis_follow_s=0))) as client:
        store = client.app.state.store  # type: ignore[attr-defined]
        api = Api(client, probe.token("admin", "routing-admin"))
        _analysis_built(client, api)
        # Start-up (migrations, the analysis' first build) ran through the router too; count from here.
        router.clear()
        before = store.transactions

        made = api.data(CREATE_PERSON, input={"name": "Cy"})["createPerson"]
        mutation = _transactions(router), store.transactions - before
        router.clear()
        before = store.transactions

        listed = api.data(PEOPLE)["people"]["nodes"]
        query = _transactions(router), store.transactions - before

    assert made["name"] == "Cy" and listed == [{"id": made["id"], "name": "Cy"}]
    for counts, ran in (mutation, query):
        # Every transaction netmap ran is found at the reader (as a read) or the writer (as a write).
        assert set(counts["READ"]) == {"r"} and counts["WRITE"] == Counter(w=1) and not counts["ROUTE"]
        assert counts["READ"]["r"] + 1 == ran
    # The mutation: the caller's token is looked up by a read; the person is written by the writer.
    assert mutation[0]["READ"]["r"] >= 1
    # The query: token and people read from the reader; only the audit of that read is written.
    assert query[0]["READ"]["r"] >= 2


def test_a_read_starts_after_the_write_this_process_just_committed(
    router: BoltRouter, routed: StoreSettings, probe: StoreProbe
) -> None:
    """On a cluster a follower may serve the read: the write's bookmark makes it wait
    until it has that write. Each read names what this process last committed."""
    ada = Person(id="p-ada", name="Ada", recorded=RECORDED)

    async def run() -> dict[str, Person]:
        async with open_store(routed, migrate=False, keep_alive=False) as store:
            router.clear()
            await store.write(create_person, ada)
            return await store.read(get_people, ["p-ada"])

    assert asyncio.run(run()) == {"p-ada": ada}
    [(write_role, write), (read_role, read)] = router.begun
    assert (write_role, read_role) == ("WRITE", "READ")
    assert read.get("bookmarks") and read["bookmarks"] != write.get("bookmarks", [])
