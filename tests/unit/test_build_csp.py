"""scripts/build_csp.py: finding inline code, hashing it, building the policy."""

from __future__ import annotations

import base64
import hashlib
import re

from scripts import build_csp

PAGE = """<!doctype html><html><head>
<script>__md_scope=new URL(".",location)</script>
<script type="application/json" id="__config">{"base": "."}</script>
<script type="application/ld+json">{"@type": "MedicalWebPage"}</script>
<script src="assets/javascripts/bundle.js"></script>
<style>.x{color:red}</style>
</head><body><script>var a = "<b>&amp;</b>";</script></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_finds_inline_scripts_but_not_data_blocks_or_files():
    found = build_csp.find_inline_code(PAGE)
    assert found.scripts == ['__md_scope=new URL(".",location)', 'var a = "<b>&amp;</b>";']
    assert found.styles == [".x{color:red}"]
    assert found.style_attributes == [] and found.event_handlers == []


def test_hash_is_over_the_exact_text_as_the_browser_sees_it():
    # Known value: echo -n 'alert(1)' | openssl sha256 -binary | base64
    assert build_csp.csp_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    # Entities inside <script> are not decoded: the hash covers them as written.
    assert build_csp.csp_hash('var a = "<b>&amp;</b>";') in build_csp.build_policy(build_csp.find_inline_code(PAGE))


def test_policy_is_strict_and_lists_each_hash_once():
    found = build_csp.find_inline_code(PAGE + PAGE)
    policy = build_csp.build_policy(found)
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["script-src"].split() == ["'self'", *sorted({sha('__md_scope=new URL(".",location)'),
                                                                  sha('var a = "<b>&amp;</b>";')})]
    assert directives["style-src"].split() == ["'self'", sha(".x{color:red}")]
    assert "unsafe" not in policy
    assert not re.search(r"https?:", policy)


def test_style_attributes_and_event_handlers_are_problems():
    found = build_csp.find_inline_code('<p style="color:red" onclick="go()">x</p>')
    problems = build_csp.unhashable_problems(found)
    assert len(problems) == 2
    assert "style attribute" in problems[0] and "event handler" in problems[1]


def test_scan_site_names_the_file(tmp_path):
    (tmp_path / "index.html").write_text("<script>a()</script>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text('<div style="x"></div><script>b()</script>')
    found = build_csp.scan_site(tmp_path)
    assert found.scripts == ["a()", "b()"]
    assert found.style_attributes == ['sub/page.html: <div style="x">']


def test_fill_template_reports_missing_values():
    text, missing = build_csp.fill_template("a @CSP@ b @PREFIX@/ c @ROOT@ $uri", {"CSP": "x", "PREFIX": "/p"})
    assert text == "a x b /p/ c @ROOT@ $uri"
    assert missing == ["ROOT"]


def test_cli_prints_the_policy_and_fills_a_template(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<script>a()</script>")
    assert build_csp.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == f"default-src 'self'; script-src 'self' {sha('a()')}" + (
        "; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    )
    template = tmp_path / "t.conf"
    template.write_text('add_header Content-Security-Policy "@CSP@";\nalias @ROOT@/;\n')
    assert build_csp.main([str(tmp_path), "--template", str(template), "--set", "ROOT=/srv/x"]) == 0
    out = capsys.readouterr().out
    assert f"script-src 'self' {sha('a()')};" in out and "alias /srv/x/;" in out
    assert build_csp.main([str(tmp_path), "--template", str(template)]) == 2
    assert "@ROOT@" in capsys.readouterr().err


def test_cli_refuses_unhashable_inline_code(tmp_path, capsys):
    (tmp_path / "index.html").write_text('<button onclick="x()">x</button>')
    assert build_csp.main([str(tmp_path)]) == 1
    assert "index.html" in capsys.readouterr().err
    assert build_csp.main([str(tmp_path / "missing")]) == 2
