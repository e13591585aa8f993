"""`guide-hq`: run the HQ service and administer it from a shell."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import textwrap
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from guide_app.protocol import Role
from hq.core.config import DEFAULT_PORT, Settings
from hq.core.errors import HqError

if TYPE_CHECKING:
    # The database layer (SQLAlchemy, alembic, psycopg) is imported by the commands that use it:
    # `guide-hq --help` and a mistyped command answer without paying for it.
    from hq.core.db import Database


def _settings(args: argparse.Namespace) -> Settings:
    values: dict[str, Any] = {}
    if args.data_dir:
        values["data_dir"] = Path(args.data_dir)
    if args.database_url:
        values["database_url"] = args.database_url
    return Settings(**values)


def _run(settings: Settings, work: Callable[[Database], Awaitable[Any]]) -> Any:
    """Migrate, then run one async job against the database and close it."""
    from hq.core.db import migrate, run_with_database

    migrate(settings)
    return run_with_database(settings, work)


def _read_password(args: argparse.Namespace, prompt: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("again: ") != first:
        raise HqError("the two passwords differ")
    return first


# --------------------------------------------------------------------------- commands


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hq.core.db import migrate

    settings = _settings(args)
    migrate(settings)
    # Workers are separate processes; they read their settings from the environment.
    os.environ["GUIDE_HQ_DATA_DIR"] = str(settings.data_dir.resolve())
    if settings.database_url:
        os.environ["GUIDE_HQ_DATABASE_URL"] = settings.database_url
    where = settings.sqlalchemy_url.split("@")[-1]  # never print a password from the URL
    print(
        f"guide-hq: serving on http://{args.host}:{args.port} (data: {where})",
        flush=True,
    )
    uvicorn.run(
        "hq.main:create_app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=args.access_log,
        http="hq.serving:BoundedHeadProtocol",  # httptools, with a bound on the headers
        # uvicorn kills a worker that does not answer its health check in time (5 s by default),
        # and a worker importing HQ on a busy box took longer: 7 kills in a row were seen.
        timeout_worker_healthcheck=30,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from hq.core.db import migrate

    migrate(_settings(args))
    print("guide-hq: schema is up to date")
    return 0


def cmd_import_org(args: argparse.Namespace) -> int:
    from hq.org_import import import_org

    settings = _settings(args)
    report = _run(settings, lambda database: import_org(database, Path(args.file), apply=not args.dry_run))
    print(report.render())
    return 0 if report.ok else 1


def cmd_user_add(args: argparse.Namespace) -> int:
    from hq.services import org

    password = _read_password(args, f"password for {args.login}: ")

    async def work(database: Database) -> Any:
        async with database.writing() as session:
            return await org.add_account(
                session,
                args.login,
                args.name or args.login,
                Role(args.role),
                password,
                store_code=args.store,
                region_name=args.region,
            )

    account = _run(_settings(args), work)
    print(f"added {account.role} {account.login} (id {account.id})")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from hq.services import org

    async def work(database: Database) -> Any:
        async with database.writing() as session:
            return await org.set_disabled(session, args.login, not args.enable)

    account = _run(_settings(args), work)
    state = "disabled; its sign-ins are revoked" if account.disabled else "enabled"
    print(f"{account.login} is {state}")
    return 0


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    from hq.services import org

    password = _read_password(args, f"new password for {args.login}: ")

    async def work(database: Database) -> Any:
        async with database.writing() as session:
            return await org.reset_password(session, args.login, password)

    account = _run(_settings(args), work)
    print(f"password of {account.login} reset; its sign-ins are revoked")
    return 0


def cmd_content_add(args: argparse.Namespace) -> int:
    from hq.content_import import ContentOptions, publish_files

    options = ContentOptions(
        title=args.title,
        kind=args.kind,
        body=args.body,
        tags=args.tags,
        campaign=args.campaign,
        publisher=args.publisher,
    )
    files = [Path(name) for name in args.files]
    results = _run(_settings(args), lambda database: publish_files(database, files, options))
    for line in results:
        print(line)
    return 0


def cmd_content_import_folder(args: argparse.Namespace) -> int:
    from hq.content_import import ContentOptions, folder_files, publish_files

    options = ContentOptions(
        title=None, kind=args.kind, body="", tags=args.tags, campaign=args.campaign, publisher=args.publisher
    )
    files = folder_files(Path(args.folder))
    results = _run(_settings(args), lambda database: publish_files(database, files, options))
    for line in results:
        print(line)
    print(f"{len(results)} items published from {args.folder}")
    return 0


def _yuan_to_fen(text: str) -> int:
    try:
        yuan = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise HqError(f"{text!r} is not an amount in yuan, e.g. 50000 or 1999.50") from None
    fen = yuan * 100
    if not yuan.is_finite() or fen != fen.to_integral_value() or fen < 0:
        raise HqError(f"{text!r} is not an amount in yuan with at most 2 decimals")
    return int(fen)


def cmd_targets_set(args: argparse.Namespace) -> int:
    from guide_app.protocol import SalesTargetSet
    from hq.services import targets

    amount_fen = _yuan_to_fen(args.amount_yuan)
    try:  # the same checks as PUT /api/v1/targets, before any database work
        SalesTargetSet(scope="guide", subject_id=1, month=args.month, amount_fen=amount_fen)
    except ValueError as error:
        raise HqError(f"bad month or amount: {error}") from None

    async def work(database: Database) -> Any:
        async with database.writing() as session:
            return await targets.set_from_shell(
                session,
                args.month,
                amount_fen,
                guide_login=args.guide,
                store_code=args.store,
                by_login=args.by,
            )

    target = _run(_settings(args), work)
    print(f"target of {target.scope} {target.subject_id} for {target.month}: ¥{amount_fen / 100:,.2f}")
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day as YYYY-MM-DD") from None


def _utc_offset(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if not -720 <= minutes <= 840:
        raise argparse.ArgumentTypeError("the offset must lie between -720 and 840 minutes")
    return minutes


def cmd_export_performance(args: argparse.Namespace) -> int:
    from guide_app.protocol import SheetRequest, SheetScope
    from hq.services import performance_sheet as sheet

    output = Path(args.output)
    partial = output.with_name(output.name + ".part")

    def progress(title: str, written: int, expected: int) -> None:
        shown = f"{written:,} of {expected:,}" if expected else f"{written:,}"
        print(f"{title}: {shown} rows", file=sys.stderr, flush=True)

    async def work(database: Database) -> int:
        async with database.reading() as session:
            region_id = await sheet.region_by_name_or_id(session, args.region) if args.region else None
            store_id = await sheet.store_by_code(session, args.store) if args.store else None
            scope = SheetScope.store if store_id else SheetScope.region if region_id else SheetScope.all
            request = SheetRequest(
                first_day=args.first_day,
                last_day=args.last_day,
                scope=scope,
                region_id=region_id,
                store_id=store_id,
                utc_offset_minutes=args.utc_offset_minutes,
            )
            selection = await sheet.select_scope(session, None, request)
        size = 0
        with partial.open("wb") as file:
            async for chunk in sheet.stream_sheet(database, request, selection, progress):
                size += file.write(chunk)
        partial.replace(output)
        return size

    try:
        size = _run(_settings(args), work)
    finally:
        partial.unlink(missing_ok=True)
    print(f"wrote {output} ({size / 1024:,.0f} KiB)", file=sys.stderr)
    return 0


def cmd_client_versions_set(args: argparse.Namespace) -> int:
    from hq.services import client_versions as versions

    versions.release(args.minimum, "the minimum")  # plain errors before any database work
    if args.latest is not None:
        versions.release(args.latest, "the latest")
    by = args.by or f"shell user {_shell_user()}"
    policy = _run(
        _settings(args), lambda database: versions.set_from_shell(database, args.minimum, args.latest, by)
    )
    print(f"client versions: minimum {policy.minimum}, latest {policy.latest}")
    print(
        f"takes effect on every HQ worker within {versions.POLICY_FRESH_SECONDS:g} s: apps older than "
        f"{policy.minimum} still sign in, but sync only after updating to {policy.latest}"
    )
    return 0


def cmd_client_versions_show(args: argparse.Namespace) -> int:
    from guide_app.protocol import PROTOCOL_LEVEL, VERSION
    from hq.services import client_versions as versions

    async def work(database: Database) -> versions.Policy:
        async with database.reading() as session:
            return await versions.read_policy(session)

    policy = _run(_settings(args), work)
    print(f"minimum {policy.minimum}, latest {policy.latest}")
    if policy.set_at is None:
        print("never set: every release syncs")
    else:
        print(f"set {policy.set_at:%Y-%m-%d %H:%M} UTC by {policy.set_by}")
    print(f"this HQ: {VERSION}, protocol level {PROTOCOL_LEVEL}")
    return 0


def _shell_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a container's environment
        return "unknown"


def cmd_updates_publish(args: argparse.Namespace) -> int:
    from hq.services import updates

    settings = _settings(args)
    checked = updates.publish(Path(args.repository), settings.updates_dir)
    print(
        f"guide-hq: published root v{checked.root_version}, targets v{checked.targets_version} "
        f"({len(checked.archives)} archives: {', '.join(checked.versions) or 'none'}) "
        f"to {settings.updates_dir}"
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from hq.demo.seed import seed_demo

    settings = _settings(args)
    logins = _run(settings, lambda database: seed_demo(database, settings))
    print(logins.render())
    return 0


# --------------------------------------------------------------------------- parser


def _comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def _settings_help(chosen: Callable[[str], bool]) -> str:
    """The GUIDE_HQ_* variables of the chosen settings, one a line with its help."""
    return "\n".join(
        textwrap.fill(
            f"GUIDE_HQ_{name.upper()}: {field.description or ''}",
            width=100,
            initial_indent="  ",
            subsequent_indent="      ",
        )
        for name, field in Settings.model_fields.items()
        if chosen(name)
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="folder for the SQLite file and assets (default: ./hq-data, or $GUIDE_HQ_DATA_DIR)"
    )
    common.add_argument(
        "--database-url",
        help="use this database instead of SQLite, e.g. "
        "postgresql+psycopg://user@127.0.0.1/guide ($GUIDE_HQ_DATABASE_URL)",
    )

    parser = argparse.ArgumentParser(
        prog="guide-hq", description="Guide Desk HQ service (导购工作台 总部服务)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="run the HQ API server",
        description="Migrate the database, then serve the HQ API.",
        epilog="Where uploaded files live (environment):\n"
        + _settings_help(lambda name: name == "asset_store" or name.startswith("s3_"))
        + "\nPostgreSQL connections per worker (environment; README, Deployment):\n"
        + _settings_help(lambda name: name.startswith("db_")),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument(
        "--access-log", action=argparse.BooleanOptionalAction, default=False, help="log every request"
    )
    serve.set_defaults(handler=cmd_serve)

    migrate_cmd = commands.add_parser(
        "migrate", parents=[common], help="bring the database schema up to date"
    )
    migrate_cmd.set_defaults(handler=cmd_migrate)

    import_org = commands.add_parser(
        "import-org",
        parents=[common],
        help="import regions, stores and accounts from an xlsx file",
        description="Import stores and accounts from an xlsx sheet. Chinese or English headers: "
        "区域/region, 门店编码/store_code, 门店名称/store_name, 城市/city, 账号/login, 姓名/name, "
        "角色/role (导购/区域经理/总部), 初始密码/password. Every bad row is reported with its row number; "
        "nothing is imported unless all rows are good.",
    )
    import_org.add_argument("file", help="the .xlsx file")
    import_org.add_argument("--dry-run", action="store_true", help="check and report only; change nothing")
    import_org.set_defaults(handler=cmd_import_org)

    user = commands.add_parser(
        "user", help="add, disable or reset accounts", description="Manage single accounts."
    )
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_commands.add_parser(
        "add",
        parents=[common],
        help="add an account",
        description="Add an account. A guide needs --store, a manager --region.",
    )
    add.add_argument("login")
    add.add_argument("--name", help="display name (default: the login)")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--store", help="store code (guides)")
    add.add_argument("--region", help="region name (managers)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=cmd_user_add)
    disable = user_commands.add_parser(
        "disable",
        parents=[common],
        help="disable an account and end its sign-ins",
        description="Disable an account: its tokens are revoked at once.",
    )
    disable.add_argument("login")
    disable.add_argument("--enable", action="store_true", help="enable the account again instead")
    disable.set_defaults(handler=cmd_user_disable)
    reset = user_commands.add_parser(
        "reset-password",
        parents=[common],
        help="set a new password",
        description="Set a new password, unlock the account and end its sign-ins.",
    )
    reset.add_argument("login")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reset.set_defaults(handler=cmd_user_reset_password)

    content = commands.add_parser(
        "content",
        help="publish to the content library",
        description="Publish files to the content library (素材库).",
    )
    content_commands = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    for name, help_text in (
        ("add", "publish files, one item each"),
        ("import-folder", "publish every file of a folder"),
    ):
        sub = content_commands.add_parser(name, parents=[common], help=help_text, description=help_text + ".")
        if name == "add":
            sub.add_argument("files", nargs="+", metavar="FILE")
            sub.add_argument(
                "--title", help="item title (default: the file name); numbered when several files"
            )
            sub.add_argument("--body", default="", help="text shown with the item")
            sub.set_defaults(handler=cmd_content_add)
        else:
            sub.add_argument("folder")
            sub.set_defaults(handler=cmd_content_import_folder)
        sub.add_argument(
            "--kind",
            choices=["image", "poster", "video", "script"],
            help="item kind (default: from the file type; .txt files become scripts)",
        )
        sub.add_argument("--tags", type=_comma_list, default=[], help="comma-separated tags")
        sub.add_argument("--campaign", default="", help="campaign name, e.g. 双11预热")
        sub.add_argument("--publisher", help="login of the hq_admin publishing (default: the first hq_admin)")

    targets = commands.add_parser(
        "targets", help="set monthly sales targets", description="Monthly sales targets (销售目标)."
    )
    targets_commands = targets.add_subparsers(dest="targets_command", required=True, metavar="ACTION")
    set_target = targets_commands.add_parser(
        "set",
        parents=[common],
        help="set one month's target of a guide or a store",
        description="Set (or replace) one month's sales target of a guide or a store.",
    )
    set_target.add_argument("--month", required=True, help="the month, YYYY-MM")
    subject = set_target.add_mutually_exclusive_group(required=True)
    subject.add_argument("--guide", metavar="LOGIN", help="the guide's login")
    subject.add_argument("--store", metavar="CODE", help="the store's code")
    set_target.add_argument("--amount-yuan", required=True, help="the target in yuan, e.g. 50000")
    set_target.add_argument(
        "--by", help="login of the manager or hq_admin setting it (default: the first hq_admin)"
    )
    set_target.set_defaults(handler=cmd_targets_set)

    export = commands.add_parser(
        "export-performance",
        parents=[common],
        help="write the performance sheet (业绩表) of a range of days to an xlsx file",
        description="Write the performance sheet of the local days FROM..TO (at most 366): summary by "
        "region with a chart, stores, guides, tasks and every counted sale (customers by pseudonymous "
        "reference, disputed and decided orders flagged). All stores, one region, or one store. "
        "Progress goes to standard error.",
    )
    export.add_argument(
        "--from", dest="first_day", metavar="FROM", type=_day, required=True, help="first day, YYYY-MM-DD"
    )
    export.add_argument(
        "--to",
        dest="last_day",
        metavar="TO",
        type=_day,
        required=True,
        help="last day (inclusive), YYYY-MM-DD",
    )
    place = export.add_mutually_exclusive_group()
    place.add_argument("--region", metavar="NAME_OR_ID", help="only this region (its name or id)")
    place.add_argument("--store", metavar="CODE", help="only this store (its code)")
    export.add_argument(
        "--utc-offset-minutes",
        type=_utc_offset,
        default=480,
        help="the offset from UTC the days are local to (default 480, China)",
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx file to write")
    export.set_defaults(handler=cmd_export_performance)

    client_versions = commands.add_parser(
        "client-versions",
        help="the app releases HQ syncs with",
        description="The oldest app release HQ syncs with, and the release every store PC should "
        "run. An app below the minimum still signs in (its guide works offline) but is refused sync "
        "(426 client_too_old) until it is updated; its sales wait on the PC.",
    )
    versions_commands = client_versions.add_subparsers(
        dest="client_versions_command", required=True, metavar="ACTION"
    )
    set_versions = versions_commands.add_parser(
        "set",
        parents=[common],
        help="set the minimum and latest release",
        description="Set which app releases may sync. An app below --minimum is refused sync "
        "(426 client_too_old, with the minimum and latest in its answer) but may still sign in and "
        "fetch its update; --latest is the release every store PC should run. Every HQ worker "
        "takes the change within 5 s.",
    )
    set_versions.add_argument("--minimum", required=True, help="the oldest release that syncs, e.g. 0.2.0")
    set_versions.add_argument(
        "--latest", help="the release PCs should run (default: the current latest or the minimum, if newer)"
    )
    set_versions.add_argument("--by", help="who sets it, for the record (default: the shell user)")
    set_versions.set_defaults(handler=cmd_client_versions_set)
    show_versions = versions_commands.add_parser(
        "show", parents=[common], help="show the policy", description="Show the policy and HQ's release."
    )
    show_versions.set_defaults(handler=cmd_client_versions_show)

    updates_parser = commands.add_parser(
        "updates",
        help="publish signed app updates",
        description="Serve the app's signed update repository to store PCs. It is made and signed "
        "on the release PC (guide-release); HQ holds no signing key.",
    )
    updates_commands = updates_parser.add_subparsers(dest="updates_command", required=True, metavar="ACTION")
    publish = updates_commands.add_parser(
        "publish",
        parents=[common],
        help="check a signed update repository and publish it",
        description="Check REPOSITORY (its metadata signed by the keys its root names, nothing "
        "expired, every archive present with its signed length and hash), then copy it into "
        "<data-dir>/updates: archives first, timestamp.json last, so a PC never sees half a set.",
    )
    publish.add_argument("repository", help="the folder guide-release made (metadata/ and targets/)")
    publish.set_defaults(handler=cmd_updates_publish)

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="seed a demo organisation with content",
        description="Seed 2 regions, 6 stores, 18 guides, 2 managers, 1 HQ operator, "
        "content with poster images, SOP templates and manager tasks; print the logins.",
    )
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except HqError as error:
        print(f"guide-hq: {error.detail}", file=sys.stderr)
        return 2
    except ValidationError as error:  # a GUIDE_HQ_* setting that cannot work
        for problem in error.errors():
            print(f"guide-hq: settings: {problem['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
