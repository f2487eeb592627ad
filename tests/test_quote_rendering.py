"""Quotes on the page: conversion scars (HTML list tags, bullets) shown as the source's list, never as tags."""

from __future__ import annotations

import markdown

from kbgen.render.blocks import quote_lines


def _html(text: str) -> str:
    return markdown.markdown("\n".join("> " + line for line in quote_lines(text)))


def test_html_list_remnants_render_as_a_list():
    html = _html("Forum to support each other</li> <li>Shared expertise</li> <li>Good SIP/well led group")
    assert html.count("<li>") == 3 and "&lt;" not in html and "</li> <li>" not in html.replace("</li>\n<li>", "")
    assert "<li>Shared expertise</li>" in html


def test_bullets_after_a_colon_render_as_a_list_under_its_lead_in():
    html = _html("It differs because: • It is joint, • It focuses on practice,")
    assert "<p>It differs because:</p>" in html and "<li>It is joint,</li>" in html


def test_a_hyphen_that_started_a_source_line_starts_an_item_but_a_dash_in_a_sentence_does_not():
    assert _html("models and federations. - designations based on criteria.").count("<li>") == 2
    assert "<li>" not in _html("55% - 5 - and 66% of responses")


def test_quotes_stay_inert():
    lines = quote_lines("<script>alert(1)</script> a <b onclick=x>[link](javascript:x)</b> *kept* < 3")
    html = markdown.markdown("\n".join(lines))
    assert "<script" not in html and "onclick" not in html and "<a " not in html
    assert "<em>kept</em>" in html and "&lt; 3" in html
