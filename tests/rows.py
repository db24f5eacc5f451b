"""Valid example records (all cells text) that tests vary one field at a time."""

from __future__ import annotations

import csv
import io

COMMUNITY = {
    "id": "C1", "name": "幸福社区", "district": "天山区", "street": "和平路街道",
    "type": "托育服务", "year": "2023", "lon": "87.617", "lat": "43.793",
    "new_entities": "10", "jobs_created": "20", "trained_total": "30", "source": "示例数据",
}  # fmt: skip
INDICATOR = {
    "district": "650104", "community_type": "digital", "quarter": "2023Q2",
    "new_entities": "5", "jobs_created": "9", "trained_total": "6",
    "trained_job_skills": "3", "trained_post_skills": "2", "trained_startup": "1",
    "returnee_startups": "1", "startup_loans": "12.5",
}  # fmt: skip


def community_record(**overrides) -> dict[str, str]:
    return {**COMMUNITY, **overrides}


def indicator_record(**overrides) -> dict[str, str]:
    return {**INDICATOR, **overrides}


def csv_bytes(rows, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)
