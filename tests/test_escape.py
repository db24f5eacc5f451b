from components.escape import for_folium, for_plotly, from_folium

PAYLOADS = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "${alert(1)}"]


def test_folium_escape_neutralises_html_and_template_literals():
    for payload in PAYLOADS:
        escaped = for_folium(payload)
        for dangerous in "<>$`\\\"'":
            assert dangerous not in escaped
    assert for_folium("a`b\\c$d") == "a&#96;b&#92;c&#36;d"
    assert for_folium("天山区") == "天山区"


def test_plotly_escape_keeps_quotes_but_not_tags():
    assert for_plotly('<a href="x">链接</a>') == '&lt;a href="x"&gt;链接&lt;/a&gt;'


def test_markdown_escape_keeps_text_literal():
    from components.escape import for_markdown

    assert for_markdown("[点我](http://x) **粗** :red[红] $x$") == (
        r"\[点我\]\(http\://x\) \*\*粗\*\* \:red\[红\] \$x\$"
    )
    assert for_markdown("天山区") == "天山区"


def test_from_folium_gives_back_what_for_folium_was_given():
    for text in ["B&'<$1", "a&amp;b", "&#96;`", '"\\${x}</script>', "&ampx &lt", "乌鲁木齐", ""]:
        assert from_folium(for_folium(text)) == text
