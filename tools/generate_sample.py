"""Write the sample dataset (示例数据): ``python -m tools.generate_sample [--seed N] [--out DIR]``.

Everything is invented except what a row's ``source`` names (real places from the
program documents) and the 二核五轴五区 clusters, which follow the published layout.
The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data import reference
from data.loader import SAMPLE_DIR, SHIPPED_BOUNDARY_DIR
from data.schema import INDICATOR_CODES, KINDS
from data.storage import dataset_csv_bytes
from geo.program import PROGRAM_QUARTERS

DEFAULT_SEED = 2022
QUARTERS = list(PROGRAM_QUARTERS)
SAMPLE_SOURCE = reference.SAMPLE_LABEL
SOURCE_004 = "新疆创业创新热潮涌动（新疆民生网）"
SOURCE_001 = f"{reference.PROGRAM_TITLE}（乌鲁木齐市委、市人民政府）"

# Weight of each district in the community count, and an anchor near its built-up area.
DISTRICTS = {
    "650102": (
        1.0,
        (87.620, 43.790),
        [
            "燕儿窝街道",
            "胜利路街道",
            "团结路街道",
            "解放南路街道",
            "新华南路街道",
            "和平路街道",
            "幸福路街道",
            "东门街道",
            "碱泉街街道",
            "延安路街道",
        ],
    ),
    "650103": (
        0.9,
        (87.575, 43.790),
        [
            "友好南路街道",
            "友好北路街道",
            "炉院街街道",
            "西山街道",
            "雅玛里克山街道",
            "红庙子街道",
            "长江路街道",
            "和田街街道",
            "扬子江路街道",
        ],
    ),
    "650104": (
        1.0,
        (87.560, 43.870),
        [
            "北京路街道",
            "二工街道",
            "三工街道",
            "石油新村街道",
            "迎宾路街道",
            "喀什东路街道",
            "北站西路街道",
            "银川路街道",
            "高新街街道",
        ],
    ),
    "650105": (
        0.8,
        (87.650, 43.830),
        [
            "水磨沟街道",
            "六道湾街道",
            "苇湖梁街道",
            "八道湾街道",
            "新民路街道",
            "南湖南路街道",
            "南湖北路街道",
            "七道湾街道",
        ],
    ),
    "650106": (
        0.6,
        (87.430, 43.870),
        [
            "头屯河街道",
            "王家沟街道",
            "乌昌路街道",
            "北站东路街道",
            "火车西站街道",
            "中亚北路街道",
            "嵩山街街道",
        ],
    ),
    "650109": (
        0.5,
        (87.650, 43.960),
        [
            "古牧地东路街道",
            "古牧地西路街道",
            "石化街道",
            "地磅街道",
            "卡子湾街道",
            "芦草沟乡",
            "铁厂沟镇",
            "长山子镇",
        ],
    ),
    "650107": (
        0.12,
        (88.310, 43.360),
        ["艾维尔沟街道", "盐湖街道", "达坂城镇", "东沟乡", "西沟乡"],
    ),
    "650121": (
        0.12,
        (87.410, 43.480),
        ["水西沟镇", "板房沟镇", "永丰镇", "萨尔达坂乡", "甘沟乡", "托里乡"],
    ),
}
# Types that lean towards particular districts (multiplies the district weight).
TYPE_AFFINITY = {
    "digital": {"650104": 3.0, "650106": 2.0},
    "ecommerce": {"650104": 2.5, "650106": 2.5},
    "logistics": {"650106": 3.0, "650109": 2.5},
    "exhibition": {"650105": 3.0},
    "culture_tourism": {"650121": 8.0, "650107": 8.0, "650102": 1.5},
    "finance": {"650102": 2.0, "650104": 1.5},
}
COMMUNITIES_PER_TYPE = 12
NAME_WORDS = [
    "光明",
    "和谐",
    "幸福",
    "团结",
    "友谊",
    "新华",
    "阳光",
    "康乐",
    "春晖",
    "文化",
    "锦绣",
    "安居",
    "丰收",
    "园艺",
    "振兴",
    "育才",
    "明珠",
    "金桥",
    "翠泉",
    "映山",
    "青松",
    "雪莲",
    "天池",
    "博格达",
    "红山",
    "南湖",
    "绿谷",
    "石榴",
    "丝路",
    "银川",
]
NAME_SUFFIXES = ["", "东", "西", "南", "北", "中", "新村"]

REAL_BASES = [
    (
        "创智大厦",
        "tech_incubator",
        "regional",
        "650106",
        "经开区（头屯河区）",
        87.434,
        43.868,
        200,
        f"{SOURCE_004}：名称、所在区、入驻企业200余家；其余字段为{SAMPLE_SOURCE}",
    ),
    (
        "高新区（新市区）数字产业园",
        "startup_park",
        "municipal",
        "650104",
        "高新区（新市区）",
        87.555,
        43.880,
        None,
        f"{SOURCE_001}：名称与所在区；其余字段为{SAMPLE_SOURCE}",
    ),
    (
        "高新区（新市区）国家级电子商务示范基地",
        "demo_base",
        "national",
        "650104",
        "高新区（新市区）",
        87.575,
        43.865,
        None,
        f"{SOURCE_001}：名称、级别与所在区；其余字段为{SAMPLE_SOURCE}",
    ),
    (
        "新疆国际电子商务产业园",
        "startup_park",
        "regional",
        "650106",
        "经开区（头屯河区）",
        87.445,
        43.880,
        None,
        f"{SOURCE_001}：名称与所在区；其余字段为{SAMPLE_SOURCE}",
    ),
]
BASE_THEMES = [
    "青年",
    "丝路",
    "天山",
    "云谷",
    "创客",
    "亚欧",
    "博格达",
    "雪莲",
    "新动能",
    "智汇",
    "筑梦",
    "启航",
    "绿洲",
    "石榴籽",
    "匠心",
]
EXTRA_BASES = 24

CLUSTERS = [
    ("core_urumqi", "乌鲁木齐核", "core", ["乌鲁木齐"], "二核：乌鲁木齐市"),
    ("core_changji", "昌吉核", "core", ["昌吉州"], "二核：昌吉"),
    ("axis_shz_kly", "石河子—克拉玛依轴", "axis", ["石河子", "克拉玛依"], "五轴之一"),
    (
        "axis_north",
        "伊犁—博州—塔城—阿勒泰轴",
        "axis",
        ["伊犁州", "博州", "塔城", "阿勒泰"],
        "五轴之一",
    ),
    ("axis_korla_aksu", "库尔勒—阿克苏轴", "axis", ["巴州", "阿克苏"], "五轴之一（库尔勒属巴州）"),
    ("axis_south", "喀什—克州—和田轴", "axis", ["喀什", "克州", "和田"], "五轴之一"),
    ("axis_east", "吐鲁番—哈密轴", "axis", ["吐鲁番", "哈密"], "五轴之一"),
    (
        "zone_north_slope",
        "天山北坡中小微企业集聚区",
        "zone",
        ["乌鲁木齐", "昌吉州", "石河子", "克拉玛依"],
        "含乌鲁木齐—昌吉、石河子—克拉玛依中小微企业集聚区",
    ),
    ("zone_south_slope", "天山南坡中小微企业集聚区", "zone", ["巴州", "阿克苏"], "五区之一"),
    ("zone_east", "东疆中小微企业集聚区", "zone", ["吐鲁番", "哈密"], "五区之一"),
    (
        "zone_kashgar",
        "喀什—和田—克州中小微企业集聚区",
        "zone",
        ["喀什", "和田", "克州"],
        "五区之一",
    ),
    (
        "zone_border",
        "北疆沿边中小微企业集聚区",
        "zone",
        ["伊犁州", "博州", "塔城", "阿勒泰"],
        "五区之一",
    ),
]
CLUSTER_SOURCE = f"{SOURCE_004}，引《新疆中小微企业“十三五”发展规划》"


def random_point_in(
    polygon, anchor, spread: float, rng: np.random.Generator
) -> tuple[float, float]:
    """A point inside ``polygon``, normally distributed around ``anchor``."""
    centre = (
        anchor
        if shapely.contains_xy(polygon, *anchor)
        else polygon.representative_point().coords[0]
    )
    for _ in range(10_000):
        lon, lat = rng.normal(centre, spread)
        if shapely.contains_xy(polygon, lon, lat):
            return round(float(lon), 5), round(float(lat), 5)
    raise RuntimeError("could not place a point inside the polygon")


def make_communities(districts: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    shapes = dict(zip(districts["adcode"], districts.geometry, strict=True))
    codes = list(DISTRICTS)
    rows, names = [], set()
    for type_code in reference.codes("community_types"):
        weights = np.array(
            [DISTRICTS[c][0] * TYPE_AFFINITY.get(type_code, {}).get(c, 1.0) for c in codes]
        )
        picks = rng.choice(codes, size=COMMUNITIES_PER_TYPE, p=weights / weights.sum())
        for adcode in picks:
            rows.append({"district": adcode, "type": type_code})
    # Every district gets at least two communities.
    counts = pd.Series([r["district"] for r in rows]).value_counts()
    for adcode in codes:
        for _ in range(max(0, 2 - counts.get(adcode, 0))):
            donor = max(range(len(rows)), key=lambda i: counts[rows[i]["district"]])
            counts[rows[donor]["district"]] -= 1
            rows[donor]["district"] = adcode
    out = []
    for number, row in enumerate(sorted(rows, key=lambda r: (r["district"], r["type"])), start=1):
        adcode = row["district"]
        _, anchor, streets = DISTRICTS[adcode]
        spread = 0.02 if DISTRICTS[adcode][0] >= 0.5 else 0.05
        lon, lat = random_point_in(shapes[adcode], anchor, spread, rng)
        while True:
            name = f"{rng.choice(NAME_WORDS)}{rng.choice(NAME_SUFFIXES)}社区"
            if name not in names:
                names.add(name)
                break
        out.append(
            {
                "id": f"C{number:04d}",
                "name": name,
                "district": districts.set_index("adcode").at[adcode, "name"],
                "district_code": adcode,
                "street": str(rng.choice(streets)),
                "type": row["type"],
                "year": int(rng.choice(reference.PROGRAM_YEARS, p=[0.45, 0.35, 0.2])),
                "lon": lon,
                "lat": lat,
            }
        )
    return pd.DataFrame(out)


def community_quarters(communities: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Quarterly figures per community, zero before its designation year."""
    rows = []
    for c in communities.itertuples():
        scale = rng.uniform(0.6, 1.6) * (1.3 if DISTRICTS[c.district_code][0] >= 0.8 else 0.8)
        for step, quarter in enumerate(QUARTERS):
            active = int(quarter[:4]) >= c.year
            growth = 1 + 0.04 * step
            lam = scale * growth if active else 0.0
            entities = rng.poisson(6 * lam)
            jobs = entities + rng.poisson(14 * lam)
            parts = [rng.poisson(25 * lam), rng.poisson(12 * lam), rng.poisson(6 * lam)]
            returnees = rng.poisson(1.2 * lam)
            loans = round(float(returnees * rng.uniform(8, 30)), 1)
            rows.append(
                [
                    c.district_code,
                    c.id,
                    c.type,
                    quarter,
                    entities,
                    jobs,
                    sum(parts),
                    *parts,
                    returnees,
                    loans,
                ]
            )
    columns = [
        "district_code",
        "id",
        "community_type",
        "quarter",
        "new_entities",
        "jobs_created",
        "trained_total",
        "trained_job_skills",
        "trained_post_skills",
        "trained_startup",
        "returnee_startups",
        "startup_loans",
    ]
    return pd.DataFrame(rows, columns=columns)


def make_targets(indicators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    yearly = indicators.assign(year=indicators["quarter"].str[:4].astype(int))
    yearly = yearly.groupby(["district_code", "year"])[list(INDICATOR_CODES)].sum().reset_index()
    rows = []
    for row in yearly.itertuples(index=False):
        # Some districts aim high and fall behind, others beat their targets.
        ambition = rng.uniform(0.85, 1.25)
        target = {"district_code": row.district_code, "year": row.year}
        for code in ("trained_job_skills", "trained_post_skills", "trained_startup"):
            target[code] = int(round(getattr(row, code) * ambition * rng.uniform(0.9, 1.1), -1))
        target["trained_total"] = sum(target[c] for c in reference.indicator_parts("trained_total"))
        for code in ("new_entities", "jobs_created", "returnee_startups"):
            digits = -1 if code != "returnee_startups" else 0
            target[code] = int(round(getattr(row, code) * ambition * rng.uniform(0.9, 1.1), digits))
        target["startup_loans"] = float(round(row.startup_loans * ambition, -1))
        rows.append(target)
    return pd.DataFrame(rows)


def make_bases(districts: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    shapes = dict(zip(districts["adcode"], districts.geometry, strict=True))
    names = districts.set_index("adcode")["name"]
    rows = []
    for name, kind, level, adcode, address, lon, lat, firms, source in REAL_BASES:
        if not shapely.contains_xy(shapes[adcode], lon, lat):
            raise ValueError(f"{name} ({lon}, {lat}) is not inside {names[adcode]}")
        rows.append(
            dict(
                name=name,
                kind=kind,
                level=level,
                district_code=adcode,
                address=address,
                lon=lon,
                lat=lat,
                firms=firms,
                source=source,
            )
        )
    combos = [
        (k, lv) for k in reference.codes("base_kinds") for lv in reference.codes("base_levels")
    ]
    extra = [combos[i % len(combos)] for i in range(len(combos) + EXTRA_BASES)]
    codes = list(DISTRICTS)
    weights = np.array([DISTRICTS[c][0] for c in codes]) ** 0.7
    used = {r["name"] for r in rows}
    for kind, level in extra:
        if kind == "star_space":  # rural innovation hubs sit in the rural districts
            adcode = str(rng.choice(["650109", "650107", "650121"]))
        else:
            adcode = str(rng.choice(codes, p=weights / weights.sum()))
        _, anchor, streets = DISTRICTS[adcode]
        lon, lat = random_point_in(shapes[adcode], anchor, 0.03, rng)
        while True:
            name = f"{names[adcode]}{rng.choice(BASE_THEMES)}{reference.label('base_kinds', kind)}"
            if name not in used:
                used.add(name)
                break
        rows.append(
            dict(
                name=name,
                kind=kind,
                level=level,
                district_code=adcode,
                address=str(rng.choice(streets)),
                lon=lon,
                lat=lat,
                firms=None,
                source=SAMPLE_SOURCE,
            )
        )
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", [f"B{i:03d}" for i in range(1, len(frame) + 1)])
    frame["district"] = frame["district_code"].map(names)
    frame["year"] = rng.integers(2015, 2025, size=len(frame))
    frame["firms"] = [
        int(f) if f == f and f is not None else int(rng.integers(8, 120)) for f in frame["firms"]
    ]
    frame["jobs_created"] = (
        (frame["firms"] * rng.uniform(4, 12, size=len(frame))).round().astype(int)
    )
    return frame


def make_clusters() -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(id=i, name=n, kind=k, members="、".join(m), description=d, source=CLUSTER_SOURCE)
            for i, n, k, m, d in CLUSTERS
        ]
    )


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """All sample datasets, keyed by kind, in the importer's columns."""
    rng = np.random.default_rng(seed)
    districts = gpd.read_file(SHIPPED_BOUNDARY_DIR / "urumqi_districts.geojson")
    districts["adcode"] = districts["adcode"].astype(str)
    communities = make_communities(districts, rng)
    quarterly = community_quarters(communities, rng)
    totals = quarterly.groupby("id")[["new_entities", "jobs_created", "trained_total"]].sum()
    communities = communities.join(totals, on="id")
    communities["source"] = SAMPLE_SOURCE
    indicators = (
        quarterly.groupby(["district_code", "community_type", "quarter"])[list(INDICATOR_CODES)]
        .sum()
        .reset_index()
    )
    indicators["startup_loans"] = indicators["startup_loans"].round(1)
    targets = make_targets(indicators, rng)
    name_of = districts.set_index("adcode")["name"]
    for frame in (indicators, targets):
        frame.insert(0, "district", frame.pop("district_code").map(name_of))
    bases = make_bases(districts, rng)
    return {
        "communities": communities[list(KINDS["communities"].columns)],
        "bases": bases[list(KINDS["bases"].columns)],
        "clusters": make_clusters()[list(KINDS["clusters"].columns)],
        "indicators": indicators[list(KINDS["indicators"].columns)],
        "targets": targets[list(KINDS["targets"].columns)],
    }


def write(datasets: dict[str, pd.DataFrame], out: Path, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for kind, frame in datasets.items():
        (out / KINDS[kind].file_name).write_bytes(dataset_csv_bytes(kind, frame))
    meta = {
        "is_sample": True,
        "label": reference.SAMPLE_LABEL,
        "data_date": "2024-12-31",
        "note": f"由 python -m tools.generate_sample --seed {seed} 生成，数字均为虚构",
    }
    (out / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR)
    args = parser.parse_args(argv)
    datasets = generate(args.seed)
    write(datasets, args.out, args.seed)
    for kind, frame in datasets.items():
        print(f"{kind}: {len(frame)} rows -> {args.out / KINDS[kind].file_name}")


if __name__ == "__main__":
    main()
