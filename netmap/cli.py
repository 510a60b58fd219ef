"""The ``netmap`` command: serve, seed, export-schema."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
import uvicorn
from rich.console import Console

from netmap.api.schema import sdl
from netmap.domain.errors import InvalidInput, NetmapError
from netmap.store.community import DEMO_FILE, load_community, read_community
from netmap.store.connection import open_store
from netmap.store.errors import EmbeddedServerError
from netmap.store.migrations import SCHEMA_DIR
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app

app = typer.Typer(
    help="netmap: map people's social networks over time and measure isolation.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

DbUri = Annotated[
    Optional[str],
    typer.Option("--db-uri", envvar="NETMAP_DB_URI", help="bolt:// or neo4j:// URI; none = embedded store."),
]
DbUser = Annotated[Optional[str], typer.Option("--db-user", envvar="NETMAP_DB_USER", help="Database user.")]
DbPassword = Annotated[
    Optional[str], typer.Option("--db-password", envvar="NETMAP_DB_PASSWORD", help="Database password.")
]
DbName = Annotated[Optional[str], typer.Option("--db-name", envvar="NETMAP_DB_NAME", help="Database name.")]
DataDir = Annotated[
    Optional[Path],
    typer.Option("--data-dir", envvar="NETMAP_DATA_DIR", help="Folder of the embedded store (default ./.netmap)."),
]


def _store_settings(
    uri: str | None, user: str | None, password: str | None, name: str | None, data_dir: Path | None
) -> StoreSettings:
    return StoreSettings.from_env({}).with_overrides(
        uri=uri, user=user, password=password, database=name, data_dir=data_dir
    )


def _describe(settings: StoreSettings) -> str:
    if settings.embedded:
        return f"the embedded store in {settings.data_dir.resolve()}"
    return f"{settings.uri}"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option(help="Load the demo community at start (safe to repeat).")] = False,
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Run the GraphQL service (GraphiQL at /graphql)."""
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    out.print(f"netmap: starting on {_describe(settings)}" + (" with the demo community" if demo else ""))
    out.print(f"netmap: GraphiQL will be at [bold]http://{host}:{port}/graphql[/bold] once ready")
    uvicorn.run(create_app(AppSettings(store=settings, demo=demo)), host=host, port=port)


@app.command()
def seed(
    file: Annotated[Path, typer.Option(help="Community file (YAML).", exists=True, dir_okay=False)] = DEMO_FILE,
    check: Annotated[bool, typer.Option("--check", help="Validate the file only; write nothing.")] = False,
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Load a community file (the demo by default). Loading twice gives the same store as once."""
    try:
        community = read_community(file)
    except InvalidInput as exc:
        err.print(f"[red]{file}: {len(exc.problems)} problem(s); nothing was written[/red]")
        for problem in exc.problems:
            err.print(f"  {problem.field}: {problem.code}: {problem.message}")
        raise typer.Exit(2) from None
    if check:
        out.print(f"{file}: valid ({community.counts()})")
        return
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)

    async def run() -> dict[str, int]:
        async with open_store(settings) as store:
            return await load_community(store, community)

    try:
        counts = asyncio.run(run())
    except (NetmapError, EmbeddedServerError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    out.print(f"Loaded {file} into {_describe(settings)}: {counts}")


@app.command("export-schema")
def export_schema(
    output: Annotated[
        Path, typer.Option(help="Where to write the SDL; '-' for standard output.")
    ] = SCHEMA_DIR / "schema.graphql",
) -> None:
    """Write the GraphQL schema (SDL) that the code defines."""
    if str(output) == "-":
        sys.stdout.write(sdl())
        return
    output.write_text(sdl())
    out.print(f"Wrote {output}")
