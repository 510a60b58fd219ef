"""The ``netmap`` command: serve, seed, import, export, report, token, directory, backup, restore, export-schema, bench, load.

Where the store is comes first, for every command:
``netmap [--db-uri … --db-user … --db-password … --db-name … | --data-dir …] COMMAND``,
or from the matching ``NETMAP_*`` environment variables. With no URI, the
embedded store in ``./.netmap/`` is used.

Exit codes: 0 done; 1 the store could not be reached or started; 2 the input
was refused (every problem is printed; nothing was written) or the command
was used wrongly.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
import uvicorn
from rich.console import Console
from rich.progress import Progress, ProgressColumn, Task, TextColumn
from rich.text import Text

from netmap.api.schema import sdl
from netmap.api.settings import ApiSettings, Mode
from netmap.domain.access import AccessRole, Principal
from netmap.domain.errors import InvalidInput, NetmapError
from netmap.domain.records import Recorded
from netmap.interchange.csv_layout import SHEETS
from netmap.services import admin
from netmap.import_output import SECTIONS, Where
from netmap.import_output import as_json as import_json
from netmap.import_output import as_text as import_text
from netmap.interchange.oruk_import import Directory, read_directory
from netmap.services import cohorts, exports
from netmap.services.cohorts import CohortChoice
from netmap.services.context import Context
from netmap.services.disclosure import DisclosureControl
from netmap.services.exports import ExportFormat
from netmap.store.accounts import TokenInfo
from netmap.store.activities import merge_directory
from netmap.store.backup import backup, read_backup, restore
from netmap.store.bulk import rows_from_records, write_rows
from netmap.domain.community_records import Community
from netmap.interchange.community_file import DEMO_FILE, read_community
from netmap.interchange.csv_file import csv_files, read_csv, write_template
from netmap.store.connection import Store, open_store
from netmap.store.errors import EmbeddedServerError
from netmap.store.import_report import ImportRefused, ImportReport, OnWritten, import_community
from netmap.store.settings import StoreSettings
from netmap.web.app import AppSettings, create_app
from netmap.web.directory import directory_document
from netmap.web.page_kit import PageError
from netmap.web.report import service_report
from netmap.web.service_pages import Period
from netmap.web.workers import serve_workers

app = typer.Typer(
    help="netmap: map people's social networks over time and measure isolation.",
    no_args_is_help=True,
    add_completion=False,
)
token_app = typer.Typer(help="Make, list and revoke API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")
directory_app = typer.Typer(help="The activity directory as Open Referral UK 3.0 services.", no_args_is_help=True)
app.add_typer(directory_app, name="directory")
out = Console()
err = Console(stderr=True)
T = TypeVar("T")
SDL_FILE = Path(__file__).resolve().parents[1] / "schema" / "schema.graphql"
"""The checked-in SDL of a checkout (``make schema``); an installed package writes where it is told."""


@app.callback()
def where(
    ctx: typer.Context,
    db_uri: Annotated[
        Optional[str],
        typer.Option("--db-uri", envvar="NETMAP_DB_URI", help="bolt:// or neo4j:// URI; none = the embedded store."),
    ] = None,
    db_user: Annotated[Optional[str], typer.Option(envvar="NETMAP_DB_USER", help="Database user.")] = None,
    db_password: Annotated[Optional[str], typer.Option(envvar="NETMAP_DB_PASSWORD", help="Database password.")] = None,
    db_name: Annotated[Optional[str], typer.Option(envvar="NETMAP_DB_NAME", help="Database name.")] = None,
    data_dir: Annotated[
        Optional[Path], typer.Option(envvar="NETMAP_DATA_DIR", help="Folder of the embedded store (default ./.netmap).")
    ] = None,
) -> None:
    """Where the store is: a Neo4j URI, or the embedded store's folder."""
    ctx.obj = StoreSettings.from_env().with_overrides(
        uri=db_uri, user=db_user, password=db_password, database=db_name, data_dir=data_dir
    )


def _describe(settings: StoreSettings) -> str:
    return f"the embedded store in {settings.data_dir.resolve()}" if settings.embedded else str(settings.uri)


def _with_store(ctx: typer.Context, work: Callable[[Store], Awaitable[T]]) -> T:
    """Open the store, run ``work(store)``, close it; store faults end the command with exit 1."""

    async def run() -> T:
        async with open_store(ctx.obj) as store:
            return await work(store)

    try:
        return asyncio.run(run())
    except ImportRefused:
        raise
    except (NetmapError, EmbeddedServerError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


def _refuse(source: Path, exc: InvalidInput) -> typer.Exit:
    """Print every problem; the caller raises the returned exit (code 2)."""
    err.print(f"[red]{source}: {len(exc.problems)} problem(s); nothing was written[/red]")
    for problem in exc.problems:
        err.print(f"  {problem.field}: {problem.code}: {problem.message}")
    return typer.Exit(2)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option(help="Load the demo community at start (safe to repeat).")] = False,
    mode: Annotated[
        Mode,
        typer.Option(envvar="NETMAP_MODE", help="development prints an admin token; production hides introspection."),
    ] = Mode.DEVELOPMENT,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            envvar="NETMAP_WORKERS",
            help="Worker processes sharing the store (one per core; each keeps its own analysis snapshot).",
        ),
    ] = 1,
) -> None:
    """Run the service: web pages at /, the GraphQL API (and GraphiQL) at /graphql."""
    settings: StoreSettings = ctx.obj
    api = replace(ApiSettings.from_env(), mode=mode)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    out.print(f"netmap: starting in {mode.value} mode on {_describe(settings)}" + (" with the demo community" if demo else ""))
    out.print(
        f"netmap: pages at [bold]http://{host}:{port}/[/bold], GraphiQL at [bold]http://{host}:{port}/graphql[/bold]"
        " once ready"
    )
    app_settings = AppSettings(store=settings, api=api, demo=demo, print_admin_token=mode is Mode.DEVELOPMENT)
    if workers > 1:
        serve_workers(app_settings, host, port, workers)
    else:
        uvicorn.run(create_app(app_settings), host=host, port=port)


@app.command()
def seed(
    ctx: typer.Context,
    file: Annotated[Path, typer.Option(help="Community file (YAML).", exists=True, dir_okay=False)] = DEMO_FILE,
    check: Annotated[bool, typer.Option("--check", help="Validate the file only; write nothing.")] = False,
    synthetic: Annotated[
        Optional[int], typer.Option(help="Load a synthetic community of this many people instead of a file.", min=1)
    ] = None,
    seed_number: Annotated[int, typer.Option("--seed-number", help="Seed of the synthetic community.")] = 1,
    update: Annotated[
        bool, typer.Option("--update", help="Apply entries that differ from the store as corrections (reason 'import').")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON, for scripts.")] = False,
) -> None:
    """Load a community file (the demo by default), or a synthetic community. Loading twice gives the
    same store as once; the report says what was created, unchanged, differing or refused."""
    if synthetic is not None:
        _seed_synthetic(ctx, synthetic, seed_number)
        return
    try:
        community = read_community(file)
    except InvalidInput as exc:
        if as_json:
            _print_problems(exc, True, SECTIONS)
            raise typer.Exit(2) from None
        raise _refuse(file, exc) from None
    if check:
        out.print(f"{file}: valid ({community.counts()})")
        return
    _import_and_report(ctx, community, SECTIONS, update, as_json)


def _seed_synthetic(ctx: typer.Context, people: int, seed_number: int) -> None:
    """Generate and bulk-load a synthetic community in batches, with a progress bar."""
    from netmap.devtools.synthetic import generate

    community = generate(people, seed_number)
    rows = rows_from_records(community.people, community.organisations, community.ties, community.participations)
    with Progress(*Progress.get_default_columns(), TextColumn("{task.completed:,} rows"), console=out) as progress:
        task = progress.add_task(f"Loading {people:,} synthetic people", total=rows.total())
        written = _with_store(ctx, lambda store: write_rows(store, rows, progress=lambda n: progress.advance(task, n)))
    out.print(f"Loaded {written:,} rows into {_describe(ctx.obj)} (seed {seed_number}); loading again changes nothing")


@app.command("export-schema")
def export_schema(
    output: Annotated[
        Path, typer.Option(help="Where to write the SDL; '-' for standard output.")
    ] = SDL_FILE,
) -> None:
    """Write the GraphQL schema (SDL) that the code defines."""
    if str(output) == "-":
        sys.stdout.write(sdl())
        return
    output.write_text(sdl())
    out.print(f"Wrote {output}")


@app.command("export")
def export_network(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", help="graphml or gexf (Gephi), csv, json.")],
    output: Annotated[
        Path, typer.Option("--output", help="The file to write; for csv a folder (nodes.csv, edges.csv).")
    ],
    service: Annotated[Optional[str], typer.Option("--service", help="A service's id: the people it supports.")] = None,
    area: Annotated[Optional[str], typer.Option("--area", help="An area: the people recorded there.")] = None,
    person: Annotated[Optional[list[str]], typer.Option("--person", help="A person's id; repeat for several.")] = None,
    at: Annotated[Optional[datetime], typer.Option("--at", help="One date.", formats=["%Y-%m-%d"])] = None,
    from_: Annotated[
        Optional[datetime], typer.Option("--from", help="Start of a period (with --to, or open).", formats=["%Y-%m-%d"])
    ] = None,
    to: Annotated[
        Optional[datetime], typer.Option("--to", help="End of the period (excluded).", formats=["%Y-%m-%d"])
    ] = None,
) -> None:
    """Export a cohort's network for Gephi and other tools (docs/exports.md), as an operator; audited."""
    operator = Principal(subject=f"cli:{_user()}", role=AccessRole.ADMIN, name="netmap export")
    chosen = CohortChoice(service_id=service, area=area, person_ids=tuple(person) if person else None)

    async def make(store: Store) -> exports.NetworkExport:
        ctx = _context(store, operator)
        found = await exports.network_export(
            ctx, chosen, format, at.date() if at else None, from_.date() if from_ else None, to.date() if to else None
        )
        await ctx.record_reads()
        return found

    exported = _refused_or(ctx, make, "nothing was written")
    if format is ExportFormat.CSV:
        output.mkdir(parents=True, exist_ok=True)
        for name, file in zip(("nodes.csv", "edges.csv"), exported.files):
            (output / name).write_bytes(file.encoded())
    else:
        output.write_bytes(exported.files[0].encoded())
    out.print(f"Wrote {exported.nodes} nodes and {exported.edges} edges to {output}")


def _context(store: Store, principal: Principal) -> Context:
    """The service context of a command run by ``principal`` (figures as the API gives them)."""
    api = ApiSettings.from_env()
    return Context(store=store, principal=principal, disclosure=DisclosureControl(threshold=api.suppress_below))


def _refused_or(ctx: typer.Context, work: Callable[[Store], Awaitable[T]], nothing: str) -> T:
    """``work``'s result; a refusal by the services (bad input, not found, …) ends the
    command with exit 2, a store fault with exit 1, each saying ``nothing`` was made."""

    async def refused(store: Store) -> T | NetmapError:
        try:
            return await work(store)
        except NetmapError as exc:
            if exc.code == "STORE_UNAVAILABLE":
                raise
            return exc

    found = _with_store(ctx, refused)
    if isinstance(found, NetmapError):
        err.print(f"[red]{found.code}: {found.message}; {nothing}[/red]", markup=True)
        raise typer.Exit(2)
    return found


def _operator() -> Principal:
    """Whoever runs an admin command, as the audit log names them."""
    return Principal(subject=f"cli:{_user()}", role=AccessRole.ADMIN, name="netmap token")


def _as_operator(store: Store) -> Context:
    """The service context of an admin command: the operator, as the pages' admin would be."""
    return Context(store=store, principal=_operator())


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    role: Annotated[AccessRole, typer.Option(help="What the holder may do.")],
    subject: Annotated[str, typer.Option(help="Who holds it: a stable id, shown in the audit log.")],
    name: Annotated[str, typer.Option(help="A human name for the holder.")] = "",
    scope: Annotated[
        Optional[str],
        typer.Option(help="Service id (service_manager), organisation id (community_organiser) or person id (person)."),
    ] = None,
    expires: Annotated[
        Optional[datetime],
        typer.Option(help="When it stops working (UTC), e.g. 2027-03-31.", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    ] = None,
) -> None:
    """Make a token. It is printed once and stored only as a hash: keep it safe."""
    if role.needs_scope and not scope:
        err.print(f"[red]A {role.value} token needs --scope (the id it is bound to).[/red]")
        raise typer.Exit(2)
    until = expires.replace(tzinfo=timezone.utc) if expires else None
    made = _with_store(
        ctx, lambda store: admin.create_token(_as_operator(store), role, subject, name or None, scope, until)
    )
    out.print(f"Token {made.record.id} for {subject} ({role.value}); shown only now:")
    print(made.token)


@token_app.command("list")
def token_list(ctx: typer.Context) -> None:
    """List tokens (never the tokens themselves)."""
    found: list[TokenInfo] = _with_store(ctx, lambda store: admin.tokens(_as_operator(store)))
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
    ctx: typer.Context, id: Annotated[str, typer.Argument(help="The token's id, from `netmap token list`.")]
) -> None:
    """Revoke a token at once."""
    info = _with_store(ctx, lambda store: admin.revoke_token(_as_operator(store), id))
    out.print(f"Revoked {info.id} ({info.principal.subject}).")


@directory_app.command("export")
def directory_export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option(help="Where to write the JSON; '-' for standard output.")] = Path("-"),
) -> None:
    """Write every listed activity as Open Referral UK 3.0 services: one page of them (JSON)."""
    document = _with_store(ctx, directory_document)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if str(output) == "-":
        sys.stdout.write(text)
    else:
        output.write_text(text)
        out.print(f"Wrote {document['total_items']} services to {output}")


@directory_app.command("import")
def directory_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Open Referral UK services (JSON).", exists=True, dir_okay=False)],
    check: Annotated[bool, typer.Option("--check", help="Validate only; write nothing.")] = False,
) -> None:
    """Import Open Referral UK 3.0 services (a page, a list or one service) as activities; all or nothing;
    importing again updates them. Every field netmap cannot keep is listed, by its JSON path."""
    try:
        directory = read_directory(json.loads(file.read_text()))
    except json.JSONDecodeError as exc:
        err.print(f"[red]{file}: not JSON: {exc}; nothing was written[/red]")
        raise typer.Exit(2) from None
    except InvalidInput as exc:
        raise _refuse(file, exc) from None
    organisations, activities = directory.organisations, directory.activities
    if check:
        out.print(f"{file}: valid ({len(organisations)} organisations, {len(activities)} activities)")
    else:
        by = Recorded("directory import", datetime.now(timezone.utc))
        counts = _with_store(ctx, lambda store: store.write(merge_directory, organisations, activities, by))
        out.print(f"Imported {file}: {counts}")
    _print_not_kept(directory)


def _print_not_kept(directory: Directory) -> None:
    """What the import held differently, and every field it could not keep, by service."""
    for note in directory.notes:
        out.print(note, markup=False, soft_wrap=True)
    if not directory.not_kept:
        out.print("Every field was kept.")
        return
    out.print(f"Not kept ({len(directory.not_kept)}):")
    service = None
    for item in directory.not_kept:
        if item.service != service:
            service = item.service
            out.print(f"  {service} ({item.name}):", markup=False, soft_wrap=True)
        out.print(f"    {item.path}: {item.reason}", markup=False, soft_wrap=True)


@app.command("report")
def report_command(
    ctx: typer.Context,
    service: Annotated[str, typer.Argument(help="The service's id, or its name as recorded.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("report.html"),
    from_: Annotated[
        Optional[datetime], typer.Option("--from", help="Start (default: twelve months before --to).", formats=["%Y-%m-%d"])
    ] = None,
    to: Annotated[Optional[datetime], typer.Option("--to", help="End (default: today).", formats=["%Y-%m-%d"])] = None,
) -> None:
    """Write a service's report: trend chart, figures, early warnings, self-assessment (HTML; print it to PDF).

    Exit codes: 0 written; 1 the store could not be reached; 2 no such service or bad dates.
    """
    operator = Principal(subject=f"cli:{_user()}", role=AccessRole.ADMIN, name="netmap report")
    end = to.date() if to else date.today()
    start = from_.date() if from_ else None
    try:
        period = Period.checked(start, end)
    except PageError as exc:
        err.print(f"[red]{exc.heading}: {exc.message}; no report written[/red]")
        raise typer.Exit(2) from None

    async def make(store: Store) -> str:
        ctx = _context(store, operator)
        service_id = await _service_id(ctx, service)
        return await service_report(ctx, service_id, period)

    html = _refused_or(ctx, make, "no report written")
    output.write_text(html, encoding="utf-8")
    out.print(f"Wrote {output}")


async def _service_id(ctx: Context, given: str) -> str:
    """``given`` if it is a service's id, else the id of the one service with that name."""
    found = await cohorts.services_named(ctx, given)
    exact = [s.id for s in found if s.name.casefold() == given.casefold()]
    if len(exact) == 1:
        return exact[0]
    return given


@app.command()
def bench(
    sizes: Annotated[str, typer.Option(help="Community sizes, comma-separated.")] = "1000,10000,100000",
    seed: Annotated[int, typer.Option(help="Seed of the synthetic communities.")] = 1,
    requests: Annotated[int, typer.Option(help="API requests per size for the latency figures.")] = 200,
    output: Annotated[Optional[Path], typer.Option(help="Also write the figures here as JSON.")] = None,
    import_only: Annotated[
        bool, typer.Option("--import-only", help="Only the CSV import step (netmap import of that many people).")
    ] = False,
) -> None:
    """Measure load, analysis and API speed and memory on synthetic communities; prints figures.

    Each size runs in a fresh process with a fresh embedded store of its own.
    """
    from netmap.devtools.bench import run

    chosen = [int(s) for s in sizes.split(",") if s.strip()]
    out.print(f"netmap bench: sizes {chosen}, seed {seed}; each in a fresh process and a fresh embedded store")
    results = run(chosen, seed, requests, lambda figures: out.print_json(data=figures), import_only)
    if output:
        output.write_text(json.dumps(results, indent=2) + "\n")
        out.print(f"Wrote {output}")


@app.command("limits-bench")
def limits_bench(
    size: Annotated[int, typer.Option(help="People in the synthetic community the queries run on.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic community.")] = 1,
    repeats: Annotated[int, typer.Option(help="Runs of each document and query (the median is shown).")] = 5,
    output: Annotated[Optional[Path], typer.Option(help="Also write the figures here as JSON.")] = None,
) -> None:
    """Measure the CPU that the worst documents and queries the limits accept cost; prints figures."""
    from netmap.devtools.limits_bench import run

    out.print(f"netmap limits-bench: {size} people, seed {seed}, median of {repeats}; a fresh embedded store")
    results = run(size, seed, repeats, lambda figures: out.print_json(data=figures))
    if output:
        output.write_text(json.dumps(results, indent=2) + "\n")
        out.print(f"Wrote {output}")


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the backup (.json, or .json.gz to compress).")],
) -> None:
    """Write the whole store to one portable, versioned file."""
    counts = _with_store(ctx, lambda store: backup(store, file))
    out.print(f"Backed up {_describe(ctx.obj)} to {file}: {counts}")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file made by `netmap backup`.", exists=True, dir_okay=False)],
) -> None:
    """Load a backup into an empty store (embedded or Neo4j)."""
    try:
        document = read_backup(file)
    except InvalidInput as exc:
        raise _refuse(file, exc) from None
    counts = _with_store(ctx, lambda store: restore(store, document))
    out.print(f"Restored {file} into {_describe(ctx.obj)}: {counts}")


@app.command("import")
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="A folder of CSV files, or CSV files named by kind (people.csv …).", exists=True),
    ] = None,
    template: Annotated[
        Optional[Path], typer.Option("--template", help="Write the template CSV files here; import nothing.")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Check the files only; write nothing.")] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Apply rows that differ from the store as corrections (reason 'import').")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON, for scripts.")] = False,
    recorded_by: Annotated[str, typer.Option(help="Who the new records are recorded by.")] = "csv import",
) -> None:
    """Import people, organisations, ties, participations, activities, attendance and volunteering
    from CSV files (docs/csv-import.md), reporting per file what was created, unchanged, differing
    or refused.

    All or nothing. Exit codes: 0 imported; 1 the store could not be reached;
    2 bad or refused rows (every one listed, nothing written) or a usage error.
    """
    if template is not None:
        try:
            written = write_template(template)
        except FileExistsError as exc:
            raise typer.BadParameter(str(exc), param_hint="--template") from None
        out.print(f"Wrote the template to {template}: {', '.join(p.name for p in written)}")
        return
    if not paths:
        raise typer.BadParameter("give a folder or CSV files to import (or --template FOLDER)", param_hint="PATHS")
    try:
        files = csv_files(paths)
    except InvalidInput as exc:
        problems = "; ".join(f"{p.field}: {p.message}" for p in exc.problems)
        raise typer.BadParameter(problems, param_hint="PATHS") from None
    try:
        with err.status("Checking every row"):
            checked = read_csv(files, recorded_by)
    except InvalidInput as exc:
        _print_problems(exc, as_json, CSV_NAMES)
        raise typer.Exit(2) from None
    names = Where(unit=lambda section: SHEETS[section].file if section in SHEETS else f"{section}.csv",
                  row=lambda where: checked.place(where).row or where)  # fmt: skip
    if check:
        out.print(f"Valid, nothing written: {checked.community.counts()}")
        return
    _import_and_report(ctx, checked.community, names, update, as_json)


CSV_NAMES = Where(unit=lambda file: file, row=lambda where: where)


def _print_problems(exc: InvalidInput, as_json: bool, where: Where) -> None:
    """Every problem of refused input; nothing was written."""
    if as_json:
        print(json.dumps(import_json(None, where, exc.problems), indent=2))
        return
    err.print(f"[red]{len(exc.problems)} problem(s); nothing was written[/red]")
    for problem in exc.problems:
        line = f"  {problem.field}: {problem.code}: {problem.message}"
        err.print(line, markup=False, highlight=False, soft_wrap=True)


def _import_and_report(ctx: typer.Context, community: Community, where: Where, update: bool, as_json: bool) -> None:
    """Write the community, print what happened to each row; exit 2 if rows were refused."""
    by = Recorded(f"cli:{_user()}", datetime.now(timezone.utc))
    total = sum(community.counts().values())
    took: list[float] = []

    async def timed(store: Store, progress: OnWritten) -> ImportReport:
        started = time.monotonic()
        try:
            return await import_community(store, community, by, update=update, progress=progress)
        finally:
            took.append(time.monotonic() - started)

    try:
        with Progress(
            *Progress.get_default_columns(), TextColumn("{task.completed:,} rows"), RateColumn(),
            console=err, disable=as_json,
        ) as progress:  # fmt: skip
            task = progress.add_task("Comparing with the store, then writing new rows", total=total)
            report = _with_store(ctx, lambda store: timed(store, lambda done: progress.update(task, completed=done)))
            progress.update(task, completed=total)
    except ImportRefused as exc:
        report = exc.report
    seconds = took[0] if took else 0.0
    if as_json:
        print(json.dumps(import_json(report, where), indent=2))
    else:
        for line in import_text(report, where):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        if report.applied:
            out.print(f"{total:,} rows in {seconds:.1f} s ({total / max(seconds, 1e-9):,.0f} rows/s) into {_describe(ctx.obj)}")
    if not report.applied:
        raise typer.Exit(2)


class RateColumn(ProgressColumn):
    """Rows per second so far."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "")


@app.command()
def load(
    people: Annotated[int, typer.Option(help="Size of the synthetic community.")] = 2000,
    clients: Annotated[int, typer.Option(help="Concurrent clients.")] = 16,
    seconds: Annotated[float, typer.Option(help="How long to drive the service.", min=1, max=3600)] = 30,
    write_share: Annotated[float, typer.Option(help="Share of requests that write a tie.", min=0, max=1)] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the community and of the clients.")] = 1,
    workers: Annotated[int, typer.Option(help="Worker processes of the service (serve --workers).", min=1)] = 1,
    warm_up: Annotated[
        float, typer.Option(help="Seconds of the same load first, not counted (lets the store's JIT settle).", min=0)
    ] = 20,
) -> None:
    """Load or soak test: a fresh service driven over loopback, then every acknowledged write checked."""
    from netmap.devtools.load import run

    out.print(
        f"netmap load: {clients} clients for {seconds:g} s on {people} people ({write_share:.0%} writes), "
        f"{workers} worker(s), {warm_up:g} s warm-up"
    )
    out.print_json(data=run(people, clients, seconds, write_share, seed, workers, warm_up))


if __name__ == "__main__":
    app()
