"""deploy/nginx.conf's app-server part and the generator that writes it for N servers."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tools import cluster


def _servers_part(site: str) -> str:
    start = site.index("\n", site.index(cluster.SERVERS_BEGIN)) + 1
    return site[start : site.index(cluster.SERVERS_END)]


def test_the_shipped_config_is_what_the_generator_writes_for_two_servers():
    site = cluster.NGINX_TEMPLATE.read_text(encoding="utf-8")
    assert _servers_part(site) == cluster.nginx_servers(["127.0.0.1:8501", "127.0.0.1:8502"])


def test_each_server_has_its_own_upstream_with_the_others_as_backups():
    addresses = ["10.0.0.5:8501", "10.0.0.6:8501", "10.0.0.7:8501"]
    part = cluster.nginx_servers(addresses)
    for number, address in enumerate(addresses, start=1):
        block = part[part.index(f"upstream atlas_app_{number} {{") :]
        block = block[: block.index("}")]
        assert f"server {address} max_fails=1" in block
        others = [a for a in addresses if a != address]
        assert [line.split()[1] for line in block.splitlines() if "backup" in line] == others
        assert f"    {number}       atlas_app_{number};" in part  # the cookie pins it
        assert f'"~{address.replace(".", chr(92) + ".")}$"    {number};' in part
    round_robin = part[part.index("upstream atlas_app {") :]
    assert [a for a in addresses if f"server {a} " in round_robin[: round_robin.index("}")]] == (
        addresses
    )


def test_nginx_accepts_the_generated_config(tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        pytest.skip("no nginx on this machine: the config syntax check is skipped")
    (tmp_path / "nginx-temp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        cluster.nginx_config(18080, [18501, 18502, 18503], tmp_path), encoding="utf-8"
    )
    done = subprocess.run(
        [nginx, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
