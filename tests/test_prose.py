"""Unit tests: citations, card links and safety in Markdown prose."""

from kbgen import prose


def test_citation_groups_parse_with_locators():
    assert prose.parse_citations("[@a-1, p. 12; @b]") == [prose.Citation("a-1", "p. 12"), prose.Citation("b", None)]
    assert prose.parse_citations("[@a; b]") is None


def test_references_finds_citations_and_card_links_but_not_code():
    text = "See [[trust]] and [[f-1|this]] [@a; @b, p. 2] but not `[@c]`."
    assert [(kind, target) for _, kind, target in prose.references(text)] == [
        ("card", "trust"), ("card", "f-1"), ("cite", "a"), ("cite", "b")]


def test_problems_flag_html_images_and_unsafe_links():
    codes = [p.code for p in prose.problems(
        'a <b>bold</b> ![i](https://x/y.png) [l](javascript:go()) [m](data:text/html,x) [ok](https://x)\n[r]: vbscript:x')]
    assert codes.count("prose.html") == 2
    assert codes.count("prose.image") == 1
    assert codes.count("prose.link") == 3


def test_safe_links_and_autolinks_pass():
    assert prose.problems("[a](https://x.org) <https://y.org> [m](mailto:a@b.c) [s](#sec) `<code>`") == []


def test_render_resolves_and_neutralises():
    out = prose.render(
        "x <script>alert(1)</script> [l](javascript:go()) {onclick=x} [@k] [[t]]",
        cite=lambda cs: "CITE(" + ",".join(c.key for c in cs) + ")",
        cards=lambda refs: "".join(f"CARD({cid})" for cid, _ in refs),
    )
    assert "<script" not in out and "&lt;script>" in out
    assert "javascript:" not in out and "#unsafe-link-removed" in out
    assert "\\{onclick=x\\}" in out
    assert "CITE(k)" in out and "CARD(t)" in out


def test_escape_text_makes_markdown_inert():
    assert prose.escape_text("*a* [b](c) <d> & e") == "\\*a\\* \\[b\\]\\(c\\) &lt;d\\> &amp; e"


def test_line_col_for_plain_quoted_and_block_values():
    assert prose.line_col("abc <x>", 4, (3, 13), None) == (3, 17)
    assert prose.line_col("abc <x>", 4, (3, 13), '"') == (3, 18)
    assert prose.line_col("one\ntwo <x>", 8, (3, 11), "|", block_col=3) == (5, 7)


def test_quotes_keep_the_sources_italics_but_nothing_else():
    assert prose.escape_quote("was *seen* to be [done] <b>") == "was *seen* to be \\[done\\] &lt;b\\>"
    assert prose.escape_quote("5 * 3 and a*b*c") == "5 \\* 3 and a\\*b\\*c"


def test_narrative_and_year_only_citations():
    text = "@lock-2011 found this [-@lock-2011, p. 3]; mail a@b.org or `@code` are not citations."
    assert [(kind, target) for _, kind, target in prose.references(text)] == [("cite", "lock-2011"), ("cite", "lock-2011")]
    out = prose.render(text, cite=lambda cs: "|".join(f"{c.mode}:{c.key}:{c.locator}" for c in cs),
                       cards=lambda refs: "".join(cid for cid, _ in refs))
    assert out.startswith("narrative:lock-2011:None found this year:lock-2011:p. 3;")
    assert "a@b.org" in out and "`@code`" in out


def test_runs_of_card_links_are_rendered_together():
    seen = []
    out = prose.render("a [[x]] [[y|Y]]\n[[z]]. b\n\n[[w]]", cite=lambda cs: "",
                       cards=lambda refs: seen.append(refs) or f"<{len(refs)}>")
    assert seen == [[("x", None), ("y", "Y"), ("z", None)], [("w", None)]]
    assert out == "a <3>. b\n\n<1>"
