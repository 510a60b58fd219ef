"""The ``netmap`` command: serve, seed, export-schema."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
import uvicorn
from rich.console import Console

from netmap.api.schema import sdl
from netmap.api.settings import ApiSettings, Mode
from netmap.domain.access import AccessRole, Principal
from netmap.domain.records import Recorded
from netmap.openreferral import read_directory
from netmap.store.accounts import TokenInfo, create_token, list_tokens, revoke_token
from netmap.store.activities import merge_directory
from netmap.web.directory import directory_document
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
token_app = typer.Typer(help="Make, list and revoke API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")
directory_app = typer.Typer(help="The activity directory as Open Referral UK services.", no_args_is_help=True)
app.add_typer(directory_app, name="directory")
out = Console()
err = Console(stderr=True)
T = TypeVar("T")

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


def _with_store(settings: StoreSettings, work: Callable[..., Awaitable[T]]) -> T:
    """Open the store, run ``work(store)``, close it; store faults end the command with exit 1."""

    async def run() -> T:
        async with open_store(settings) as store:
            return await work(store)

    try:
        return asyncio.run(run())
    except (NetmapError, EmbeddedServerError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option(help="Load the demo community at start (safe to repeat).")] = False,
    mode: Annotated[
        Mode, typer.Option(envvar="NETMAP_MODE", help="development prints an admin token; production hides introspection.")
    ] = Mode.DEVELOPMENT,
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Run the GraphQL service (GraphiQL at /graphql)."""
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    api = ApiSettings.from_env()
    api = ApiSettings(mode=mode, jwt=api.jwt, limits=api.limits, cors_origins=api.cors_origins, suppress_below=api.suppress_below)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    out.print(f"netmap: starting in {mode.value} mode on {_describe(settings)}" + (" with the demo community" if demo else ""))
    out.print(f"netmap: GraphiQL will be at [bold]http://{host}:{port}/graphql[/bold] once ready")
    app_settings = AppSettings(store=settings, api=api, demo=demo, print_admin_token=mode is Mode.DEVELOPMENT)
    uvicorn.run(create_app(app_settings), host=host, port=port)


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
    counts = _with_store(settings, lambda store: load_community(store, community))
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


@token_app.command("create")
def token_create(
    role: Annotated[AccessRole, typer.Option(help="What the holder may do.")],
    subject: Annotated[str, typer.Option(help="Who holds it: a stable id, shown in the audit log.")],
    name: Annotated[str, typer.Option(help="A human name for the holder.")] = "",
    scope: Annotated[
        Optional[str], typer.Option(help="Service id (service_manager), organisation id (community_organiser) or person id (person).")
    ] = None,
    expires: Annotated[
        Optional[datetime], typer.Option(help="When it stops working (UTC), e.g. 2027-03-31.", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"])
    ] = None,
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Make a token. It is printed once and stored only as a hash: keep it safe."""
    if role.needs_scope and not scope:
        err.print(f"[red]A {role.value} token needs --scope (the id it is bound to).[/red]")
        raise typer.Exit(2)
    principal = Principal(subject=subject, role=role, scope_id=scope, name=name)
    until = expires.replace(tzinfo=timezone.utc) if expires else None
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    token, info = _with_store(
        settings, lambda store: store.write(create_token, principal, name or subject, datetime.now(timezone.utc), until)
    )
    out.print(f"Token {info.id} for {subject} ({role.value}); shown only now:")
    print(token)


@token_app.command("list")
def token_list(
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """List tokens (never the tokens themselves)."""
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    found: list[TokenInfo] = _with_store(settings, lambda store: store.read(list_tokens))
    now = datetime.now(timezone.utc)
    for info in found:
        state = "usable" if info.usable_at(now) else ("revoked" if info.revoked_at else "expired")
        expiry = info.expires_at.date().isoformat() if info.expires_at else "never"
        out.print(
            f"{info.id}  {info.principal.role.value:<19} {info.principal.subject:<20} "
            f"scope={info.principal.scope_id or '-'}  expires={expiry}  {state}"
        )


@token_app.command("revoke")
def token_revoke(
    id: Annotated[str, typer.Argument(help="The token's id, from `netmap token list`.")],
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Revoke a token at once."""
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    info = _with_store(settings, lambda store: store.write(revoke_token, id, datetime.now(timezone.utc)))
    out.print(f"Revoked {info.id} ({info.principal.subject}).")


@directory_app.command("export")
def directory_export(
    output: Annotated[Path, typer.Option(help="Where to write the JSON; '-' for standard output.")] = Path("-"),
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Write every listed activity as Open Referral UK services (JSON)."""
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    document = _with_store(settings, directory_document)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if str(output) == "-":
        sys.stdout.write(text)
    else:
        output.write_text(text)
        out.print(f"Wrote {document['total_items']} services to {output}")


@directory_app.command("import")
def directory_import(
    file: Annotated[Path, typer.Argument(help="Open Referral UK services (JSON).", exists=True, dir_okay=False)],
    check: Annotated[bool, typer.Option("--check", help="Validate only; write nothing.")] = False,
    db_uri: DbUri = None,
    db_user: DbUser = None,
    db_password: DbPassword = None,
    db_name: DbName = None,
    data_dir: DataDir = None,
) -> None:
    """Import Open Referral UK services as activities; all or nothing; importing again updates them."""
    try:
        organisations, activities = read_directory(json.loads(file.read_text()))
    except json.JSONDecodeError as exc:
        err.print(f"[red]{file}: not JSON: {exc}; nothing was written[/red]")
        raise typer.Exit(2) from None
    except InvalidInput as exc:
        err.print(f"[red]{file}: {len(exc.problems)} problem(s); nothing was written[/red]")
        for problem in exc.problems:
            err.print(f"  {problem.field}: {problem.code}: {problem.message}")
        raise typer.Exit(2) from None
    if check:
        out.print(f"{file}: valid ({len(organisations)} organisations, {len(activities)} activities)")
        return
    settings = _store_settings(db_uri, db_user, db_password, db_name, data_dir)
    by = Recorded("directory import", datetime.now(timezone.utc))
    counts = _with_store(settings, lambda store: store.write(merge_directory, organisations, activities, by))
    out.print(f"Imported {file}: {counts}")


@app.command()
def bench(
    sizes: Annotated[str, typer.Option(help="Community sizes, comma-separated.")] = "1000,10000,100000",
    seed: Annotated[int, typer.Option(help="Seed of the synthetic communities.")] = 1,
    requests: Annotated[int, typer.Option(help="API requests per size for the latency figures.")] = 200,
    output: Annotated[Optional[Path], typer.Option(help="Also write the figures here as JSON.")] = None,
) -> None:
    """Measure load, analysis and API speed and memory on synthetic communities; prints figures."""
    from netmap.bench import run

    chosen = [int(s) for s in sizes.split(",") if s.strip()]

    def report(figures: dict[str, object]) -> None:
        out.print_json(data=figures)

    out.print(f"netmap bench: sizes {chosen}, seed {seed}; each in a fresh process and a fresh embedded store")
    results = run(chosen, seed, requests, report)
    if output:
        output.write_text(json.dumps(results, indent=2) + "\n")
        out.print(f"Wrote {output}")
