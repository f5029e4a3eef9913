"""The compare page's rows and picker, drawn in Python: escaped, the same HTML
as before, and the same with the cache on or off."""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from posts.compare.forms import Select
from posts.compare.rows import rows_html, shown_rows
from posts.textkit.diff import diff_texts
from tests.factories import make_draft

DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def compare_url(a, b):
    return reverse("posts:compare", args=[a.pk, a.head.number, b.pk, b.head.number])


@pytest.mark.parametrize(
    ("choices", "value"),
    [
        ([(1, 'a <b> & "c"'), (2, "it's")], 2),
        ([("Group <1>", [(1, "x"), (2, "y")]), (3, "z")], 1),
        ([], None),
    ],
)
def test_select_draws_what_djangos_select_draws(choices, value):
    attrs = {"class": "form-select-sm", "disabled": True, "data-off": False}
    ours = Select(attrs=attrs, choices=choices).render("a", value, {"id": "pick-a"})
    django = forms.Select(attrs=attrs, choices=choices).render(
        "a", value, {"id": "pick-a"}
    )
    assert ours == django


def test_rows_escape_every_text_and_keep_whitespace():
    diff = diff_texts(
        'Keep "this" & <that>\n\nOld <b>', 'Keep "this" & <those>\n\nNew <b>'
    )
    for view in ("side", "inline"):
        html = rows_html(
            shown_rows(diff, rendered=False), view=view, md="raw", can_edit=True
        )
        assert "<b>" not in html and "<that>" not in html
        assert "Keep &quot;this&quot; &amp; &lt;" in html
        assert '<del class="diff-del">that</del>' in html
        assert '<ins class="diff-add">those</ins>' in html
        assert 'name="take" value="1"> use this wording</label>' in html


def test_rows_mark_changes_for_the_keyboard_navigation():
    diff = diff_texts("One.\n\nTwo.\n\nThree.", "One.\n\nTwo!\n\nThree.")
    html = rows_html(
        shown_rows(diff, rendered=False), view="side", md="raw", can_edit=False
    )
    assert re.findall(r'class="diff-row ([^"]*)" id="row-(\d+)"', html) == [
        ("diff-equal", "0"),
        ("diff-changed is-change", "1"),
        ("diff-equal", "2"),
    ]
    assert 'name="take"' not in html  # no boxes for someone who may not edit


def test_compare_page_is_the_same_with_the_cache_off(owner_client, part):
    a = make_draft(part, "Same start.\n\nWe keep rules.\n\nMoves.\n\nEnd.")
    b = make_draft(part, "Same start.\n\nWe keep the rules.\n\nEnd.\n\nMoves.")
    url = compare_url(a, b)
    csrf = re.compile(
        r'(csrfmiddlewaretoken" value="|x-csrftoken": ")[^"]+|nonce="[^"]+"'
    )
    pages = []
    for query in ("", "?view=inline", "?md=rendered"):
        cache.clear()
        cold = owner_client.get(url + query).text
        warm = owner_client.get(url + query).text
        with override_settings(CACHES=DUMMY_CACHE):
            off = owner_client.get(url + query).text
        assert csrf.sub("", cold) == csrf.sub("", warm) == csrf.sub("", off)
        pages.append(cold)
    assert len(set(pages)) == 3
