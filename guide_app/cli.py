"""`guide-app` on the command line: the same core as the desktop, for IT staff and tests."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from guide_app.account.accounts import GuideAccount, sign_in, sign_out
from guide_app.book.phones import mask_phone
from guide_app.book.search import CustomerQuery, SortKey, count_customers, search_customers
from guide_app.errors import GuideError
from guide_app.sync.run import read_status, sync_once

DEFAULT_HQ = "http://127.0.0.1:8710"


def _account(args: argparse.Namespace) -> GuideAccount:
    return GuideAccount(hq_url=args.hq, login=args.login)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(f"HQ password for {args.login}: ")


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
            report = await sync_once(book, client, Path(account.folder) / "assets")
        pushed = report.pushed
        print(
            f"pulled {report.pulled.changes} changes in {report.pulled.pages} pages; "
            f"pushed {pushed.accepted} new, {pushed.duplicates} already at HQ; "
            f"files: {report.files.downloaded} downloaded, {len(report.files.failed)} failed"
        )
        for event_id, reason in pushed.refused:
            print(f"refused by HQ: {event_id}: {reason}")
        for event_id, flags in pushed.flagged:
            print(f"flagged by HQ: {event_id}: {', '.join(flags)}")
        return 1 if pushed.refused else 0

    try:
        code = asyncio.run(run())
        with book.reading() as session:
            print(f"waiting to upload: {read_status(session).pending_uploads}")
        return code
    finally:
        book.close()


def cmd_search(args: argparse.Namespace) -> int:
    book = _account(args).open_book()
    query = CustomerQuery(
        text=" ".join(args.text), stages=args.stage or [], sort=SortKey(args.sort), limit=args.limit
    )
    try:
        with book.reading() as session:
            rows = search_customers(session, query)
            total = count_customers(session, query)
    finally:
        book.close()
    for row in rows:
        print(f"{row.name}\t{mask_phone(row.phone)}\t{row.wecom_remark}\t{row.lifecycle_stage}")
    print(f"{len(rows)} of {total} customers")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from guide_app.xlsx.importing import ImportMode, apply_import, plan_against_book, read_workbook

    book = _account(args).open_book()
    try:
        plan = read_workbook(Path(args.file), sheet=args.sheet)
        with book.reading() as session:
            plan = plan_against_book(session, plan)
        mode = ImportMode.good_rows if args.good_rows else ImportMode.all_or_nothing
        if args.dry_run:
            print(plan.render())
            return 0 if not plan.problems else 1
        result = apply_import(book, plan, mode)
    finally:
        book.close()
    print(result.render())
    return 0 if not result.problems else 1


def cmd_export(args: argparse.Namespace) -> int:
    from guide_app.xlsx.exporting import export_customers

    book = _account(args).open_book()
    query = CustomerQuery(text=" ".join(args.search or []), stages=args.stage or [])
    try:
        written = export_customers(book, query, Path(args.file), full_phones=args.full_phones)
    finally:
        book.close()
    phones = "full phone numbers" if args.full_phones else "phones masked"
    print(f"exported {written} customers to {args.file} ({phones})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    account = argparse.ArgumentParser(add_help=False)
    account.add_argument("--hq", default=DEFAULT_HQ, help=f"HQ address (default {DEFAULT_HQ})")
    account.add_argument("--login", required=True, help="the guide's login; each login has its own book")
    password = argparse.ArgumentParser(add_help=False)
    password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )

    parser = argparse.ArgumentParser(
        prog="guide-app", description="Guide Desk (导购工作台) on the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
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
        help="search, import or export the customer book",
        description="The customer book of one login on this PC.",
    )
    actions = book.add_subparsers(dest="book_command", required=True, metavar="ACTION")
    search = actions.add_parser(
        "search", parents=[account], help="find customers (name, phone, remark, pinyin)"
    )
    search.add_argument("text", nargs="*", help="words to find, e.g. zs or 138 or 羽绒服")
    search.add_argument("--stage", action="append", choices=["new", "active", "dormant", "lost"])
    search.add_argument("--sort", default="name", choices=[key.value for key in SortKey])
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(handler=cmd_search)
    imp = actions.add_parser(
        "import",
        parents=[account],
        help="import customers from an xlsx file",
        description="Import customers from xlsx. Every bad row is reported with its row "
        "number; by default nothing is imported unless every row is good.",
    )
    imp.add_argument("file")
    imp.add_argument("--sheet", help="sheet name (default: the first)")
    imp.add_argument("--good-rows", action="store_true", help="import the good rows even if some are bad")
    imp.add_argument("--dry-run", action="store_true", help="check and report only")
    imp.set_defaults(handler=cmd_import)
    exp = actions.add_parser("export", parents=[account], help="export customers to xlsx (phones masked)")
    exp.add_argument("file")
    exp.add_argument("--search", nargs="*", help="only customers matching these words")
    exp.add_argument("--stage", action="append", choices=["new", "active", "dormant", "lost"])
    exp.add_argument(
        "--full-phones", action="store_true", help="write full phone numbers (keep the file safe)"
    )
    exp.set_defaults(handler=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except GuideError as error:
        print(f"guide-app: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
