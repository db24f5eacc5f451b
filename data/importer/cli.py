"""The command line: ``python -m data.importer check|apply|versions|restore``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.importer.applying import apply_file, list_versions, restore
from data.importer.checking import check_file
from data.importer.kinds import KIND_NAMES, KIND_TITLES, UsageError
from data.importer.reports import report_lines
from data.stores import StoreUnavailable
from geo.coords import SUPPORTED_CRS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m data.importer",
        description="检查、导入或恢复数据文件（CSV、XLSX；边界为 GeoJSON）。",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_file_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("kind", choices=KIND_NAMES, help="数据类别")
        sub.add_argument("file", type=Path, help="CSV、XLSX 或 GeoJSON 文件")
        sub.add_argument("--crs", choices=SUPPORTED_CRS, help="坐标来源：wgs84、gcj02 或 bd09")
        sub.add_argument("--sheet", help="XLSX 工作表名称（默认第一个）")

    add_file_options(commands.add_parser("check", help="只检查，不改动数据"))
    apply = commands.add_parser("apply", help="检查并替换数据目录中的文件")
    add_file_options(apply)
    apply.add_argument("--user", help="记入审计日志的操作人")
    listing = commands.add_parser("versions", help="列出已保存的旧版本（最新的在前）")
    listing.add_argument("kind", choices=KIND_NAMES, help="数据类别")
    back = commands.add_parser("restore", help="恢复某个已保存的版本（默认：上一个版本）")
    back.add_argument("kind", choices=KIND_NAMES, help="数据类别")
    back.add_argument(
        "version", nargs="?", help="版本编号（见 versions 命令）；省略则恢复上一个版本"
    )
    back.add_argument("--user", help="记入审计日志的操作人")
    return parser


def _version_lines(kind: str) -> list[str]:
    versions = list_versions(kind)
    if not versions:
        return [f"没有已保存的{KIND_TITLES[kind]}旧版本。"]
    title = KIND_TITLES[kind]
    head = f"已保存的{title}版本 {len(versions)} 个，最新的在前"
    head += "（编号  保存时间 UTC  大小  SHA-256）："
    return [head] + [f"  {v.line}" for v in versions]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            report = check_file(args.kind, args.file, args.crs, args.sheet)
            print("\n".join(report_lines(report)))
            return 0 if report.ok else 1
        if args.command == "apply":
            applied = apply_file(args.kind, args.file, args.crs, args.sheet, args.user)
            print("\n".join([applied.summary, *report_lines(applied.check)[1:]]))
            return 0 if applied.ok else 1
        if args.command == "versions":
            print("\n".join(_version_lines(args.kind)))
            return 0
        restored = restore(args.kind, args.user, args.version)
        print(restored.summary)
        return 0 if restored.ok else 1
    except UsageError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except (OSError, StoreUnavailable) as error:  # the database's password stays masked
        print(f"操作失败：{error}", file=sys.stderr)
        return 1
