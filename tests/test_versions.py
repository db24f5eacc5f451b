"""Any kept version can be restored by its id; a file or a version identical to the served
one changes nothing (no version, no audit line)."""

from __future__ import annotations

import pandas as pd

from data import importer, loader, storage


def clusters(rows: int) -> bytes:
    frame = pd.read_csv(loader.SAMPLE_DIR / "clusters.csv", dtype=str, keep_default_na=False)
    return frame.head(rows).to_csv(index=False).encode("utf-8")


def run(capsys, *args) -> tuple[int, str, str]:
    code = importer.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_restore_reaches_any_kept_version_by_its_id(data_copy, capsys):
    served = data_copy / "clusters.csv"
    original = served.read_bytes()
    contents = {}
    for rows in (1, 2, 3):
        applied = importer.apply_bytes("clusters", clusters(rows), f"{rows}.csv")
        assert applied.applied
        contents[rows] = applied.check.content
    listed = importer.list_versions("clusters")  # newest first: 2, 1, the sample
    assert [v.bytes for v in listed] == [len(contents[2]), len(contents[1]), len(original)]
    assert not any(v.current for v in listed)

    code, out, _ = run(capsys, "versions", "clusters")
    assert code == 0 and out.startswith("已保存的中小微企业集聚布局版本 3 个")
    for version in listed:
        assert version.id in out and version.saved.endswith("Z")

    oldest = listed[-1]
    code, out, _ = run(capsys, "restore", "clusters", oldest.id, "--user", "李明")
    assert code == 0 and out.startswith(f"已恢复中小微企业集聚布局：{oldest.id}.csv")
    assert served.read_bytes() == original  # past the newest two: not a ping-pong
    entry = storage.read_audit(data_copy)[-1]
    assert (entry["action"], entry["user"], entry["rows_after"]) == ("restore", "李明", 12)
    assert storage.read_meta(data_copy)["is_sample"] is True

    middle = next(v for v in importer.list_versions("clusters") if v.bytes == len(contents[1]))
    assert importer.restore("clusters", version=middle.id + ".csv").ok  # the file name too
    assert served.read_bytes() == contents[1]
    code, out, _ = run(capsys, "versions", "clusters")
    assert f"{middle.id}" in out and "（与当前数据相同）" in out.split(middle.id)[1].split("\n")[0]


def test_restoring_or_applying_what_is_served_changes_nothing(data_copy, capsys, tmp_path):
    served = data_copy / "clusters.csv"
    assert importer.apply_bytes("clusters", clusters(2), "2.csv").applied

    def state():
        return (
            storage.read_audit(data_copy),
            storage.list_versions(data_copy, "clusters"),
            (data_copy / "meta.json").read_bytes(),
            served.stat().st_mtime_ns,
        )

    before = state()
    again = importer.apply_bytes("clusters", clusters(2), "again.csv")
    assert again.unchanged and again.ok and not again.applied
    assert again.summary.startswith("未作改动：again.csv 与当前的中小微企业集聚布局数据相同")
    upload = tmp_path / "same.csv"
    upload.write_bytes(clusters(2).replace(b"\n", b"\r\n"))  # same content, other line ends
    code, out, _ = run(capsys, "apply", "clusters", str(upload))
    assert code == 0 and out.startswith("未作改动")
    assert state() == before

    assert importer.restore("clusters").ok  # back to the sample, keeping the two-row file
    before = state()
    same = next(v for v in importer.list_versions("clusters") if v.current)
    code, out, _ = run(capsys, "restore", "clusters", same.id)
    assert code == 0 and out.startswith(f"未作改动：{same.id}")
    assert state() == before


def test_an_unknown_version_id_is_a_usage_error(data_copy, capsys):
    code, _, err = run(capsys, "restore", "clusters", "20200101T000000000000Z-abc")
    assert code == 2
    assert "没有编号为“20200101T000000000000Z-abc”的中小微企业集聚布局版本" in err
    assert "python -m data.importer versions clusters" in err
    code, out, _ = run(capsys, "versions", "clusters")
    assert code == 0 and out == "没有已保存的中小微企业集聚布局旧版本。\n"
