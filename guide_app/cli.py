"""`guide-app` on the command line: the same core as the desktop, for IT staff and tests."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from guide_app.account.accounts import GuideAccount, sign_in, sign_out
from guide_app.book.search import CustomerQuery, SortKey
from guide_app.book.store import (
    BackupInfo,
    backup_folder,
    book_is_missing,
    count_customers_cheaply,
    list_backups,
    restore_backup,
)
from guide_app.calls.customers import find_customers
from guide_app.calls.sync import run_sync, sync_status, waiting_sales
from guide_app.cells import mask_phone
from guide_app.errors import ErrorCode, GuideError, InvalidInput, NotFound
from guide_app.sync.client import Offline

DEFAULT_HQ = "http://127.0.0.1:8710"


def _account(args: argparse.Namespace) -> GuideAccount:
    return GuideAccount(hq_url=args.hq, login=args.login)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"HQ password for {args.login}: ")
    if not password:  # checked here, before HQ is asked: HQ's schema would refuse it less plainly
        raise InvalidInput(
            "no password was given; type the HQ password (with --password-stdin, on the first line)",
            code=ErrorCode.password_missing,
        )
    return password


def cmd_sign_in(args: argparse.Namespace) -> int:
    account = _account(args)
    me = asyncio.run(sign_in(account, _password(args)))
    print(f"signed in as {me.display_name} ({me.login}); sign-in kept in {account.tokens().where}")
    return 0


def cmd_sign_out(args: argparse.Namespace) -> int:
    asyncio.run(sign_out(_account(args)))
    print("signed out")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Pull HQ's changes, expand today's tasks, upload the outbox, fetch files; print what moved."""
    account = _account(args)
    if args.password_stdin:
        asyncio.run(sign_in(account, _password(args)))
    book = account.open_book()

    async def run() -> int:
        async with account.client() as client:
            outcome = await run_sync(book, client, account.asset_folder)
        report, pushed = outcome.report, outcome.report.pushed
        print(
            f"pulled {report.pulled.changes} changes in {report.pulled.pages} pages; "
            f"pushed {pushed.accepted} new, {pushed.duplicates} already at HQ; "
            f"files: {report.files.downloaded} downloaded, {len(report.files.failed)} failed"
        )
        for problem in outcome.problems:
            print(f"problem: {problem.message}")
        return 1 if outcome.problems else 0

    try:
        code = asyncio.run(run())
        print(f"waiting to upload: {sync_status(book).pending_uploads}")
        return code
    except Offline as error:
        waiting = waiting_sales(book)
        sales = "1 sale waits" if waiting == 1 else f"{waiting} sales wait"
        raise Offline(
            f"{error.message}; {sales} to upload and will go with the next sync", code=error.code
        ) from error
    finally:
        book.close()


def cmd_search(args: argparse.Namespace) -> int:
    book = _account(args).open_book()
    query = CustomerQuery(
        text=" ".join(args.text), stages=args.stage or [], sort=SortKey(args.sort), limit=args.limit
    )
    try:
        page = find_customers(book, query)
    finally:
        book.close()
    rows, total = page.rows, page.total
    for row in rows:
        print(f"{row.name}\t{mask_phone(row.phone)}\t{row.wecom_remark}\t{row.lifecycle_stage}")
    print(f"{len(rows)} of {total} customers")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from guide_app.calls.imports import apply_import, plan_import
    from guide_app.xlsx.importing import ImportMode

    book = _account(args).open_book()
    try:
        plan = plan_import(book, Path(args.file), sheet=args.sheet)
        mode = ImportMode.good_rows if args.good_rows else ImportMode.all_or_nothing
        if args.dry_run:
            print(plan.render())
            return 0 if not plan.problems else 1
        result = apply_import(book, plan, mode).value
    finally:
        book.close()
    print(f"Read sheet {plan.sheet!r} ({plan.sheet_note}), header on row {plan.header_row}.")
    if plan.ignored:
        print("Not imported: " + ", ".join(f"{column.letter} {column.header}" for column in plan.ignored))
    print(result.render())
    return 0 if not result.problems else 1


def cmd_export(args: argparse.Namespace) -> int:
    from guide_app.calls.exports import export_customers

    book = _account(args).open_book()
    query = CustomerQuery(text=" ".join(args.search or []), stages=args.stage or [])
    try:
        written = export_customers(book, query, Path(args.file), full_phones=args.full_phones)
    finally:
        book.close()
    phones = "full phone numbers" if args.full_phones else "phones masked"
    print(f"exported {written} customers to {args.file} ({phones})")
    return 0


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(size_bytes: int) -> str:
    if size_bytes < 1024:
        return f"{size_bytes} bytes"
    kib = size_bytes / 1024
    return f"{kib:.1f} KB" if kib < 1024 else f"{kib / 1024:.1f} MB"


def _customers(count: int | None) -> str:
    if count is None:
        return "customers unreadable"
    return "1 customer" if count == 1 else f"{count} customers"


def _describe(backup: BackupInfo) -> str:
    customers = _customers(backup.customers)
    return f"{backup.path.name}\t{_local_time(backup.taken_at)}\t{_size(backup.size_bytes)}\t{customers}"


def cmd_backups(args: argparse.Namespace) -> int:
    """List the book's backups, newest first, in this PC's time; the book itself is not opened."""
    account = _account(args)
    backups = list_backups(account.book_path)
    if not backups:
        print(f"no backups yet of {account.login}'s book; one is taken each day the book is opened")
        return 0
    print(f"backups of {account.login}'s book at {account.hq_url}, newest first (this PC's time):")
    for backup in backups:
        print(_describe(backup))
    print(f"folder: {backup_folder(account.book_path)}")
    return 0


def _chosen_backup(args: argparse.Namespace, book: Path) -> Path:
    if args.newest:
        backups = list_backups(book)
        if not backups:
            raise NotFound("there is no backup of this book yet", code=ErrorCode.backup_missing)
        return backups[0].path
    named = Path(args.backup)
    in_folder = backup_folder(book) / args.backup  # the name `book backups` shows is enough
    return in_folder if not named.exists() and in_folder.is_file() else named


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the book with a backup; the replaced book is kept beside it for IT staff."""
    account = _account(args)
    chosen = _chosen_backup(args, account.book_path)
    kept = restore_backup(account.book_path, chosen)
    customers = count_customers_cheaply(account.book_path)
    print(f"restored {chosen.name}: {account.login}'s book now holds {_customers(customers)}")
    if kept is not None:
        print(f"the book it replaced is kept as {kept}")
    return 0


def cmd_start_empty(args: argparse.Namespace) -> int:
    """Start an empty book where the book is missing, on purpose; its backups stay."""
    account = _account(args)
    if not book_is_missing(account.book_path):
        print(f"{account.login}'s book is there ({account.book_path}); nothing changed", file=sys.stderr)
        return 1
    account.open_book(start_empty=True).close()
    kept = len(list_backups(account.book_path))
    print(f"started an empty book for {account.login}; its {kept} backups are kept")
    return 0


def _explain_book_problem(error: GuideError, args: argparse.Namespace) -> None:
    """After 'missing' or 'damaged': the backups to choose from and the commands that follow."""
    if error.code not in (ErrorCode.book_missing, ErrorCode.book_corrupt) or "book" not in error.details:
        return
    for problem in error.details.get("problems", []):
        print(f"  problem: {problem}", file=sys.stderr)
    backups = list_backups(Path(error.details["book"]))
    if not backups:
        print("there is no backup of this book", file=sys.stderr)
        return
    print("backups, newest first (this PC's time):", file=sys.stderr)
    for backup in backups:
        print(f"  {_describe(backup)}", file=sys.stderr)
    who = f"--hq {_account(args).hq_url} --login {args.login}"
    print(f"to restore the newest: guide-app book restore {who} --newest", file=sys.stderr)
    print(f"to restore another: guide-app book restore {who} --backup NAME", file=sys.stderr)
    if error.code is ErrorCode.book_missing:
        print(f"to start an empty book instead: guide-app book start-empty {who}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    account = argparse.ArgumentParser(add_help=False)
    account.add_argument(
        "--hq",
        default=DEFAULT_HQ,
        help=f"HQ address, e.g. https://hq.example.cn or 127.0.0.1:8710 (default {DEFAULT_HQ}); "
        "every spelling of one HQ (localhost or 127.0.0.1, a trailing /) opens the same book",
    )
    account.add_argument("--login", required=True, help="the guide's login; each login has its own book")
    password = argparse.ArgumentParser(add_help=False)
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    parser = argparse.ArgumentParser(
        prog="guide-app", description="Guide Desk (导购工作台) on the command line."
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", help="what to do (each has --help)"
    )
    sign = commands.add_parser("sign-in", parents=[account, password], help="sign in to HQ and remember it")
    sign.set_defaults(handler=cmd_sign_in)
    out = commands.add_parser("sign-out", parents=[account], help="forget the sign-in here and at HQ")
    out.set_defaults(handler=cmd_sign_out)
    sync = commands.add_parser(
        "sync",
        parents=[account, password],
        help="pull HQ's changes and upload the outbox",
        description="Pull HQ's changes, then upload recorded sales and task progress. "
        "With --password-stdin, sign in first.",
    )
    sync.set_defaults(handler=cmd_sync)

    book = commands.add_parser(
        "book",
        help="search, import, export, back up or restore the customer book",
        description="The customer book of one login on this PC.",
    )
    actions = book.add_subparsers(
        dest="book_command", required=True, metavar="ACTION", help="what to do with the book"
    )
    search = actions.add_parser(
        "search", parents=[account], help="find customers (name, phone, remark, pinyin)"
    )
    search.add_argument("text", nargs="*", help="words to find, e.g. zs or 138 or 羽绒服")
    _add_stage_filter(search)
    search.add_argument(
        "--sort", default="name", choices=[key.value for key in SortKey], help="order of the list"
    )
    search.add_argument("--limit", type=int, default=50, help="show at most this many (default 50)")
    search.set_defaults(handler=cmd_search)
    imp = actions.add_parser(
        "import",
        parents=[account],
        help="import customers from an xlsx file",
        description="Import customers from xlsx. Every bad row is reported with its row "
        "number; by default nothing is imported unless every row is good.",
    )
    imp.add_argument("file", help="the xlsx file to import")
    imp.add_argument(
        "--sheet",
        help="the sheet to read (default: the first sheet with a header row naming a name column; "
        "the report says which sheet was read)",
    )
    imp.add_argument(
        "--good-rows",
        action="store_true",
        help="import the good rows even if some are bad (default: nothing unless every row is good)",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="write nothing: print which column feeds which field, the problems, and the skipped "
        "and merged rows",
    )
    imp.set_defaults(handler=cmd_import)
    exp = actions.add_parser("export", parents=[account], help="export customers to xlsx (phones masked)")
    exp.add_argument("file", help="the xlsx file to write")
    exp.add_argument("--search", nargs="*", help="only customers matching these words")
    _add_stage_filter(exp)
    exp.add_argument(
        "--full-phones", action="store_true", help="write full phone numbers (keep the file safe)"
    )
    exp.set_defaults(handler=cmd_export)
    _add_backup_actions(actions, account)
    _add_demo_command(commands)
    return parser


def cmd_demo(args: argparse.Namespace) -> int:
    """Demo books for the demo guides, their sales uploaded so HQ's numbers match the books."""
    from guide_app.demo.guides import DEMO_PASSWORD, make_demo_books

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else DEMO_PASSWORD
    logins = [login.strip() for login in args.guides.split(",") if login.strip()]
    demos = make_demo_books(args.hq, logins, password, args.customers, print)
    return 0 if all(demo.waiting_uploads == 0 and not demo.problems for demo in demos) else 1


def _customer_count(text: str) -> int:
    count = int(text)
    if count < 0:
        raise argparse.ArgumentTypeError("a count of customers is 0 or more")
    return count


def _add_demo_command(commands: argparse._SubParsersAction) -> None:
    from guide_app.demo.book import DEFAULT_CUSTOMERS
    from guide_app.demo.guides import DEMO_GUIDES

    demo = commands.add_parser(
        "demo",
        help="give demo guides realistic customer books (demo HQ only)",
        description="For each guide: sign in with the demo password, sync, write a realistic book "
        "(customers, tags, stages, follow-ups, timeline, sales), and sync again so HQ counts the "
        "sales. Running it again adds nothing twice.",
    )
    demo.add_argument("--hq", default=DEFAULT_HQ, help=f"the demo HQ's address (default {DEFAULT_HQ})")
    demo.add_argument(
        "--customers",
        type=_customer_count,
        default=DEFAULT_CUSTOMERS,
        help=f"customers in each guide's book (default {DEFAULT_CUSTOMERS:,}; more for benchmarks)",
    )
    demo.add_argument(
        "--guides",
        default=",".join(DEMO_GUIDES),
        help=f"comma-separated guide logins (default {','.join(DEMO_GUIDES)})",
    )
    demo.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the guides' password from standard input (default: the demo chain's password)",
    )
    demo.set_defaults(handler=cmd_demo)


def _add_stage_filter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stage",
        action="append",
        choices=["new", "active", "dormant", "lost"],
        help="only customers in this lifecycle stage (repeat for several)",
    )


def _add_backup_actions(actions: argparse._SubParsersAction, account: argparse.ArgumentParser) -> None:
    listing = actions.add_parser(
        "backups",
        parents=[account],
        help="list the book's backups, newest first",
        description="List the daily backups of the book: file, time on this PC, size, customers. "
        "Works when the book itself is missing or damaged.",
    )
    listing.set_defaults(handler=cmd_backups)
    restore = actions.add_parser(
        "restore",
        parents=[account],
        help="replace the book with one of its backups",
        description="Replace the book with a backup. Close Guide Desk first: a book open elsewhere "
        "is not replaced. The replaced book is kept beside it as book.sqlite3.replaced-<time>.",
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("--backup", metavar="FILE", help="the backup to restore (a name `book backups` shows)")
    which.add_argument("--newest", action="store_true", help="restore the newest backup")
    restore.set_defaults(handler=cmd_restore)
    empty = actions.add_parser(
        "start-empty",
        parents=[account],
        help="start an empty book where the book is missing (its backups are kept)",
        description="Where the book is missing but backups exist, Guide Desk refuses to start "
        "empty by itself. This starts an empty book on purpose; the backups stay.",
    )
    empty.set_defaults(handler=cmd_start_empty)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except GuideError as error:
        print(f"guide-app: {error.message}", file=sys.stderr)
        _explain_book_problem(error, args)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
