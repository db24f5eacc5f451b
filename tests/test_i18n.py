"""Message catalogs: every language has every key, and no page string bypasses them."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from components import i18n
from data import reference

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = sorted(
    [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "components").glob("*.py")]
)
# Chinese, Uyghur (Arabic script) or full-width punctuation: text meant for people.
HUMAN_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u0600-\u06ff]")
# Streamlit calls whose text arguments a user reads.
UI_CALLS = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning",
    "error", "success", "toast", "button", "selectbox", "multiselect", "radio", "toggle",
    "checkbox", "metric", "expander", "tabs", "pills", "segmented_control", "download_button",
    "text_input", "number_input", "file_uploader", "page_link", "link_button", "form",
    "form_submit_button", "spinner", "popover", "select_slider", "slider", "dialog", "Page",
    "TextColumn", "NumberColumn", "ProgressColumn", "Column", "LinkColumn", "BarChartColumn",
    "set_page_config",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "placeholder", "title", "page_title", "caption"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != i18n.DEFAULT_LANG])
def test_every_language_has_exactly_the_keys_of_zh(lang: str) -> None:
    zh, other = i18n.catalog("zh"), i18n.catalog(lang)
    assert sorted(zh.keys() - other.keys()) == [], f"missing in {lang}"
    assert sorted(other.keys() - zh.keys()) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != i18n.DEFAULT_LANG])
def test_translations_keep_the_placeholders(lang: str) -> None:
    zh, other = i18n.catalog("zh"), i18n.catalog(lang)
    wrong = {k: (zh[k], other[k]) for k in zh if placeholders(zh[k]) != placeholders(other[k])}
    assert wrong == {}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_message_is_empty(lang: str) -> None:
    empty = [key for key, text in i18n.catalog(lang).items() if not text.strip()]
    assert empty == []


@pytest.mark.parametrize(
    "table", ["community_types", "base_kinds", "base_levels", "cluster_kinds", "indicators"]
)
def test_reference_terms_are_in_the_catalogs_and_zh_matches_the_table(table: str) -> None:
    frame = pd.read_csv(ROOT / "data" / "reference" / f"{table}.csv", dtype=str)
    zh = i18n.catalog("zh")
    assert {f"{table}.{code}": zh.get(f"{table}.{code}") for code in frame["code"]} == {
        f"{table}.{r.code}": r.name_zh for r in frame.itertuples()
    }
    with i18n.using("en"):
        assert [i18n.term(table, c) for c in frame["code"]] == list(frame["name_en"])


def test_every_district_and_unit_has_a_name_in_every_language() -> None:
    import geopandas as gpd

    for file, table in (("urumqi_districts", "districts"), ("xinjiang_units", "units")):
        frame = gpd.read_file(ROOT / "data" / "boundaries" / f"{file}.geojson")
        for lang in i18n.LANGS:
            names = [i18n.catalog(lang).get(f"{table}.{code}") for code in frame["adcode"]]
            assert None not in names, (table, lang)
        assert [i18n.catalog("zh")[f"{table}.{c}"] for c in frame["adcode"]] == list(frame["name"])


def test_program_figures_have_names_and_units_in_every_language() -> None:
    for code in reference.program_figures()["code"]:
        for lang in i18n.LANGS:
            assert f"program_figures.{code}" in i18n.catalog(lang)
            assert f"program_figure_units.{code}" in i18n.catalog(lang)


def test_uyghur_messages_are_in_arabic_script_and_english_has_no_chinese() -> None:
    arabic = re.compile(r"[\u0600-\u06ff]")
    chinese = re.compile(r"[\u3400-\u9fff]")
    # The sample label keeps 示例数据 in every language, by design.
    keep = {"app.sample_label", "app.sample_banner"}
    ug = {k: re.sub(r"\{\w+\}", "", v) for k, v in i18n.catalog("ug").items() if k not in keep}
    assert [k for k, v in ug.items() if not arabic.search(v) and LATIN_WORD.search(v)] == []
    en = {k: v for k, v in i18n.catalog("en").items() if k not in keep}
    assert [k for k, v in en.items() if chinese.search(v)] == []


def test_numbers_in_uyghur_messages_are_isolated_left_to_right() -> None:
    lri, pdi = i18n.LTR_START, i18n.ISOLATE_END
    with i18n.using("ug"):
        text = i18n.t("app.data_date", date="2024-12-31")
        assert f"{lri}2024-12-31{pdi}" in text
        # Words around a number keep their order; a sign stays with its number.
        assert i18n.keep_ltr("2024-يىلى 4-پەسىل") == f"{lri}2024{pdi}-يىلى {lri}4{pdi}-پەسىل"
        assert i18n.keep_ltr("+5.0% ئاشتى") == f"{lri}+5.0%{pdi} ئاشتى"
        assert i18n.keep_ltr("A4 ۋە GCJ-02") == "A4 ۋە GCJ-02"  # codes are left alone
        assert i18n.keep_ltr("10 – 20") == f"{lri}10 – 20{pdi}"
        # A quarter span is one unit: "Q1—2024Q42022" was the bug.
        assert i18n.keep_ltr("2022Q1—2024Q4 ئارىلىقى") == f"{lri}2022Q1—2024Q4{pdi} ئارىلىقى"
        heading = i18n.t("employment.quarterly_heading", place="x", quarters="2022Q1—2024Q4")
        assert f"{lri}2022Q1—2024Q4{pdi}" in heading
    # Numbers and Latin names written in the Uyghur catalog itself are isolated too;
    # placeholders are left alone.
    ug = i18n.catalog("ug")
    assert f"{lri}2022–2024{pdi}" in ug["app.program_title"]
    assert f"{lri}.streamlit/secrets.toml{pdi}" in ug["admin.login.no_hash"]
    assert "{env}" in ug["admin.login.no_hash"]
    assert i18n.keep_ltr("+5.0%", "en") == "+5.0%"
    with i18n.using("en"):
        assert i18n.t("app.data_date", date="2024-12-31") == "Data as of 2024-12-31"


def test_language_follows_using_and_falls_back_to_zh() -> None:
    assert i18n.current() == "zh"
    with i18n.using("en"):
        assert i18n.current() == "en"
        assert i18n.term("community_types", "ecommerce") == "E-commerce"
    with i18n.using("xx"):
        assert i18n.current() == "zh"
    assert i18n.valid("ug") == "ug" and i18n.valid("fr") is None


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def literal_problems(path: Path) -> list[str]:
    """Human text written in code instead of taken from a catalog."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    problems = []
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings and HUMAN_TEXT.search(node.value):
            problems.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:40]!r}")
        if isinstance(node, ast.Call) and _call_name(node) in UI_CALLS:
            arguments = node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
            for argument in arguments:
                text = _literal_text(argument)
                if text and LATIN_WORD.search(text) and not text.startswith(("pages/", ":")):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno} {text[:40]!r}")
    return problems


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_and_component_strings_come_from_the_catalogs(path: Path) -> None:
    assert literal_problems(path) == []


def test_the_literal_check_catches_text_in_code(tmp_path: Path) -> None:
    sample = tmp_path / "page.py"
    sample.write_text(
        '"""文档可以写中文。"""\nimport streamlit as st\nst.title("总览")\n'
        'st.button(f"Next {1}")\nst.caption(t("ok.key"))\nst.markdown("---")\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = literal_problems(sample)
    finally:
        ROOT = saved
    assert sorted(p.split(" ")[0] for p in found) == ["page.py:3", "page.py:4"]
