"""``python -m data.database init [--reset] [--load FOLDER]``: create the PostgreSQL/PostGIS
schema in ``ATLAS_DATABASE_URL`` and load a dataset folder into it (for example the shipped
sample, ``data/sample``), in one transaction; ``version`` prints the data version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data import settings
from data.stores import StoreUnavailable, postgres


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.database", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="建表（PostGIS），可同时载入一个数据目录")
    init.add_argument("--load", type=Path, help="要载入的数据目录，例如 data/sample")
    init.add_argument("--reset", action="store_true", help="先删除已有的地图数据表")
    init.add_argument("--user", help="记入审计日志的操作人")
    commands.add_parser("version", help="显示当前数据版本号")
    args = parser.parse_args(argv)
    if settings.database_url() is None:
        print("错误：未设置 ATLAS_DATABASE_URL", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except StoreUnavailable as error:  # names the database with its password masked
        print(f"错误：{error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "version":
        print(postgres.current_version(max_age=0))
        return 0
    if args.load is not None and not args.load.is_dir():
        print(f"错误：找不到数据目录：{args.load}", file=sys.stderr)
        return 2
    if args.reset:
        postgres.drop_all()
    postgres.create_schema()
    print("已建表。")
    if args.load is not None:
        loaded = postgres.load_folder(args.load, args.user)
        rows = "，".join(f"{kind} {count} 条" for kind, count in loaded.items())
        print(f"已载入 {args.load}：{rows}。数据版本 {postgres.current_version(max_age=0)}。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
