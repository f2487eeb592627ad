"""Unit tests: citations, card links and safety in Markdown prose, read by the site's engine."""

import markdown
import pytest

from kbgen import prose
from kbgen.sanitise import page_sanitiser, text_only

ENGINE = prose.ProseEngine()


def _render(text: str) -> str:
    return ENGINE.render(text, cite=lambda cs: "CITE(" + ",".join(c.key for c in cs) + ")",
                         cards=lambda refs: "".join(f"CARD({cid})" for cid, _ in refs))


def _codes(text: str) -> list[str]:
    return [p.code for p in ENGINE.problems(text)]


def test_citation_groups_parse_with_locators():
    assert prose.parse_citations("[@a-1, p. 12; @b]") == [prose.Citation("a-1", "p. 12"), prose.Citation("b", None)]
    assert prose.parse_citations("[@a; b]") is None


def test_references_finds_citations_and_card_links_but_not_code():
    text = "See [[trust]] and [[f-1|this]] [@a; @b, p. 2] but not `[@c]`."
    assert [(kind, target) for _, kind, target in ENGINE.references(text)] == [
        ("card", "trust"), ("card", "f-1"), ("cite", "a"), ("cite", "b")]


def test_code_is_what_the_engine_says_is_code():
    """A backslash-escaped backtick opens no code span: what follows is a citation (and is checked)."""
    assert [t for _, _, t in ENGINE.references(r"\`[@k]` and ``[@not-this]``")] == ["k"]


def test_problems_flag_html_images_and_unsafe_links():
    codes = _codes('a <b>bold</b> ![i](https://x/y.png) [l](javascript:go()) [m](data:text/html,x) [ok](https://x)'
                   '\n\n[r]: vbscript:x\n\n[u][r]')
    assert codes.count("prose.html") == 2
    assert codes.count("prose.image") == 1
    assert codes.count("prose.link") == 3


@pytest.mark.parametrize("text, code", [
    ("A \\`<img src=x onerror=alert(1)>` b.", "prose.html"),  # looks like code to a regex, is HTML to the engine
    ("*x*{: onfocus=alert(2) autofocus tabindex=0 }", "prose.attributes"),
    ("Para.\n{: onclick=alert(2) }", "prose.attributes"),
    ("<mailto:x/onfocus=alert(3)/autofocus/tabindex=0>", "prose.html"),
    ("[a][<https://x>]\n\n[<https://x>]: javascript:alert(4)", "prose.link"),
    ("[a](JaVaScRiPt:alert(5))", "prose.link"),
    ("[a]( javascript:alert(6))", "prose.link"),
    ("[a](page.md)", "prose.link"),
    ("<div>\n<script>alert(1)</script>\n</div>", "prose.html"),
])
def test_attacks_are_judged_by_the_engine(text, code):
    assert code in _codes(text)


def test_safe_links_and_autolinks_pass():
    assert ENGINE.problems("[a](https://x.org) <https://y.org> [m](mailto:a@b.c) [s](#sec) `<code>`") == []


def test_problems_are_located_at_the_offending_text():
    text = "Fine text, then [bad](javascript:x) and {: onclick=y }"
    offsets = {p.code: p.offset for p in ENGINE.problems("Para.\n" + text)}
    assert offsets["prose.link"] == len("Para.\nFine text, then [bad](")


def test_render_writes_inert_markdown():
    out = _render("x <script>alert(1)</script> [l](javascript:go()) *e*{onclick=x} [@k] [[t]] \\`<img src=x>`")
    assert "CITE(k)" in out and "CARD(t)" in out
    html = markdown.markdown(out, extensions=["attr_list", "tables"])
    assert "<script" not in html and "<img" not in html and "javascript" not in html and "onclick" not in html
    assert "&lt;script&gt;" in html or "&lt;script>" in html


def test_rendered_prose_survives_any_surrounding_markdown():
    """An unpaired backtick in one value cannot pair with code in the next: every value is balanced."""
    first, second = _render("costs 5` more"), _render("`<img src=x onerror=alert(1)>`")
    html = markdown.markdown(f"- {first} and {second}")
    assert "<img" not in html


def test_rendered_structure_round_trips():
    text = "Intro *em* **strong** `code`.\n\n- one\n- two [[x]]\n\n### Heading\n\n> quote [@k]\n\n1. a\n2. b"
    html = markdown.markdown(_render(text))
    for part in ("<em>em</em>", "<strong>strong</strong>", "<code>code</code>", "<li>one</li>", "<h3>Heading</h3>",
                 "<blockquote>", "CITE(k)"):
        assert part in html, part


def test_urls_are_percent_encoded_in_links():
    out = _render('[a](https://x.org/a b)"<svg/onload=alert(1)>)')
    assert "<svg" not in markdown.markdown(out)


def test_escape_text_makes_markdown_inert():
    assert prose.escape_text("*a* [b](c) <d> & e") == "\\*a\\* \\[b\\]\\(c\\) &lt;d\\> &amp; e"
    assert prose.escape_text("a\x02wzxhzdk:0\x03b") == "awzxhzdk:0b"  # Python-Markdown's placeholders cannot be forged


def test_code_span_and_fence_cannot_be_closed_from_inside():
    assert prose.code_span("a `b` c") == "``a `b` c``" and prose.code_span("`x") == "`` `x ``"
    assert prose.fence("x\n```\ny") == "````"


def test_safe_href():
    assert prose.safe_href("https://x.org/a(b)<c>") == "https://x.org/a%28b%29%3Cc%3E"
    assert prose.safe_href("javascript:alert(1)") is None
    assert prose.safe_href("#sec") == "#sec"


def test_quotes_keep_the_sources_italics_but_nothing_else():
    assert prose.escape_quote("was *seen* to be [done] <b>") == "was *seen* to be \\[done\\] &lt;b\\>"
    assert prose.escape_quote("5 * 3 and a*b*c") == "5 \\* 3 and a\\*b\\*c"


def test_narrative_and_year_only_citations():
    text = "@lock-2011 found this [-@lock-2011, p. 3]; mail a@b.org or `@code` are not citations."
    assert [(kind, target) for _, kind, target in ENGINE.references(text)] == [("cite", "lock-2011"),
                                                                               ("cite", "lock-2011")]
    out = ENGINE.render(text, cite=lambda cs: "|".join(f"{c.mode}:{c.key}:{c.locator}" for c in cs),
                        cards=lambda refs: "".join(cid for cid, _ in refs))
    assert out.startswith("narrative:lock-2011:None found this year:lock-2011:p. 3;")
    assert "a@b.org" in out and "`@code`" in out


def test_runs_of_card_links_are_rendered_together():
    seen = []
    out = ENGINE.render("a [[x]] [[y|Y]]\n[[z]]. b\n\n[[w]]", cite=lambda cs: "",
                        cards=lambda refs: seen.append(refs) or f"<{len(refs)}>")
    assert seen == [[("x", None), ("y", "Y"), ("z", None)], [("w", None)]]
    assert out == "a <3>. b\n\n<1>"


def test_site_extensions_decide_what_prose_means():
    """Without attr_list on the site, braces are text, not an attack; with it, they are reported."""
    plain = prose.ProseEngine(prose.MarkdownSetup(("tables",)))
    assert plain.problems("*x*{: onclick=y }") == []
    assert _codes("*x*{: onclick=y }") == ["prose.attributes"]


def test_the_page_sanitiser_keeps_what_pages_need_and_drops_scripts():
    sanitiser = page_sanitiser()
    tabs = ('<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
            'name="__tabbed_1" type="radio"><label for="__tabbed_1_1">APA</label></div>')
    assert sanitiser.removed(tabs) == []
    assert sanitiser.removed('<a class="headerlink" href="#x" title="Permanent link">¶</a>') == []
    dropped = [r.describe() for r in sanitiser.removed('<p onclick="x" id="__config">a<img src=x></p>'
                                                       '<a href="javascript:y">b</a>')]
    assert dropped == ["the id attribute of <p>", "the onclick attribute of <p>", "<img>",
                       "the href='javascript:y' attribute of <a>"]


#: Markup a sanitiser takes something out of, written the ways a browser still reads it.
_REMOVABLE = ['<p onclick="x">a</p>', "<p onclick=x>a</p>", "<P ONCLICK=x>a</P>", "<p\tonclick = 'x'>a</p>",
              '<a/onclick="x">a</a>', '<a title="x"onclick="y">a</a>', '<a title="x > y" onclick="z">a</a>',
              '<a title="a b=c" onclick="z">a</a>', "<img src=x>", "<script>alert(1)</script>",
              '<a href="javascript:y">b</a>', '<details open onclick="x"><summary>s</summary></details>',
              '<div style="color:red">a</div>', "<p>a<iframe src=//x></iframe></p>",
              '<table><tr><td onmouseover="x">a</td></tr></table>', "<svg><a xlink:href=javascript:x>y</a></svg>",
              '<span class="x" id="__config">a</span>', "<p>1 < 2 and b=c</p><form action=x>"]


@pytest.mark.parametrize("html", _REMOVABLE)
def test_the_quick_fingerprint_never_hides_a_removal(html):
    """Reports of what the page sanitiser removed are worked out only when the fingerprint changes."""
    from kbgen.sanitise import same_markup

    sanitiser = page_sanitiser()
    assert sanitiser.removed(html), html
    assert not same_markup(html, sanitiser.clean(html)), html
    assert sanitiser.clean_and_report(html)[1] == sanitiser.removed(html)


def test_tokens_keep_offsets_for_reading_statement_words():
    """The quick pattern split the hedge and number checks use: offsets preserved, constructs apart."""
    found = [(t.kind, t.offset) for t in prose.tokens("Most heads [@k, p. 3] said `x` [[t]].")]
    assert found == [("text", 0), ("cite", 11), ("text", 21), ("code", 27), ("text", 30), ("card", 31), ("text", 36)]


def test_tooltip_text_holds_nothing_html_could_read_as_a_tag():
    """material's content.tooltips writes a title into the page as HTML: the sanitiser keeps titles inert."""
    cleaned = page_sanitiser().clean('<abbr title="&lt;img src=x onerror=alert(1)&gt;">SIP</abbr>')
    assert "‹img src=x onerror=alert(1)›" in cleaned and "&lt;img" not in cleaned
    assert text_only("<b>a</b> &lt;img src=x&gt;") == "a ‹img src=x›"  # table-of-contents titles too
