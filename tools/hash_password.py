"""Print a salted hash for the data page's administrator password.

``python -m tools.hash_password`` asks for the password twice (nothing is echoed) and
prints the line to put in ``.streamlit/secrets.toml``.
"""

from __future__ import annotations

import getpass
import sys

from components.access import HASH_SECRET, hash_password


def main() -> int:
    password = getpass.getpass("管理员密码：")
    if len(password) < 10:
        print("密码至少需要 10 个字符。", file=sys.stderr)
        return 1
    if getpass.getpass("再输入一次：") != password:
        print("两次输入不一致。", file=sys.stderr)
        return 1
    print(f'{HASH_SECRET} = "{hash_password(password)}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
