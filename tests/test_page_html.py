"""Every main page of a realistic series, parsed as a browser would: no form inside a form.

An HTML parser drops a <form> start tag met inside another form, so the inner
form's button submits the outer one (the editor's checks panel once did that).
"""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from posts import derived
from posts.models import Comment, Draft, Publication, ShareLink, Suggestion
from series.models import Series
from series.tokens import hash_token
from tests.factories import MembershipFactory, UserFactory, head

SHARE_TOKEN = "page-sweep-share-token"
DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What differs between two renderings of one page by design: per-request tokens.
_PER_REQUEST = re.compile(
    r'(nonce="|"x-csrftoken": "|name="csrfmiddlewaretoken" value=")[^"]*'
)


class FormNesting(HTMLParser):
    """Records every <form> opened while another one is still open."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.nested: list[str] = []
        self.forms = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag != "form":
            return
        self.forms += 1
        attrs = dict(attrs)
        here = attrs.get("id") or attrs.get("action") or "form"
        if self.open:
            self.nested.append(
                f"{here} inside {self.open[-1]} (line {self.getpos()[0]})"
            )
        self.open.append(here)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.open:
            self.open.pop()


def nested_forms(html: str) -> tuple[int, list[str]]:
    parser = FormNesting()
    parser.feed(html)
    parser.close()
    return parser.forms, parser.nested


def test_the_detector_finds_a_nested_form():
    html = '<form id="outer"><div><form action="/x"><button>Go</button></form></div></form>'
    assert nested_forms(html) == (2, ["/x inside outer (line 1)"])
    assert nested_forms("<form></form><form></form>") == (2, [])


@pytest.fixture
def demo(db):
    """The demo series (imported generator drafts with their findings), plus
    what review and publishing add: a member, comments, a suggestion, a share
    link, a published part and something in the trash."""
    call_command("load_demo", verbosity=0)
    series = Series.objects.get(title="Data Pipelines")
    owner = series.owner
    drafts = list(Draft.objects.filter(part__series=series).order_by("pk"))
    draft = drafts[0]
    revision = head(draft)
    MembershipFactory(series=series, user=UserFactory(), role="editor")
    comment = Comment.objects.create(
        draft=draft, revision=revision, author=owner, body="Shorter hook?"
    )
    Comment.objects.create(
        draft=draft, revision=revision, author=owner, body="Yes.", parent=comment
    )
    suggestion = Suggestion.objects.create(
        draft=draft, base=revision, author=owner, body=draft.body + "\n\nOne more."
    )
    ShareLink.objects.create(
        series=series, token_hash=hash_token(SHARE_TOKEN), created_by=owner
    )
    Publication.objects.create(
        part=draft.part,
        revision=revision,
        published_on=date(2026, 10, 6),
        created_by=owner,
    )
    drafts[-1].move_to_trash(owner)
    return {
        "owner": owner,
        "series": series,
        "part": draft.part,
        "draft": draft,
        "other": drafts[1],
        "suggestion": suggestion,
    }


def _pages(o) -> list[str]:
    draft, other, series, part = o["draft"], o["other"], o["series"], o["part"]
    slug = series.slug
    head = draft.head.number
    return [
        reverse("posts:dashboard"),
        reverse("posts:series_create"),
        reverse("posts:series", args=[slug]),
        reverse("posts:series_edit", args=[slug]),
        reverse("posts:part_create", args=[slug]),
        reverse("posts:voice", args=[slug]),
        reverse("posts:consistency", args=[slug]),
        reverse("series:members", args=[slug]),
        reverse("posts:publish", args=[slug]),
        reverse("posts:part", args=[part.pk]),
        reverse("posts:part_edit", args=[part.pk]),
        reverse("posts:trash"),
        reverse("posts:import", args=[slug]),
        reverse("posts:draft", args=[draft.pk]),
        reverse("posts:draft", args=[other.pk]),
        reverse("posts:history", args=[draft.pk]),
        reverse("posts:revision", args=[draft.pk, head]),
        reverse("posts:compare", args=[draft.pk, head, other.pk, other.head.number]),
        reverse("posts:compare_pick"),
        reverse("posts:compose", args=[part.pk]),
        reverse("posts:review", args=[draft.pk]),
        reverse("posts:suggest", args=[draft.pk]),
        reverse("posts:suggestion", args=[o["suggestion"].pk]),
        reverse("posts:open_comments", args=[slug]),
        reverse("posts:activity", args=[slug]),
        reverse("posts:notifications"),
        reverse("posts:share_links", args=[slug]),
        reverse("password_change"),
    ]


def _guest_pages(o) -> list[str]:
    return [
        reverse("posts:shared", args=[SHARE_TOKEN]),
        reverse("posts:shared_review", args=[SHARE_TOKEN, o["draft"].pk]),
        reverse("posts:shared_suggest", args=[SHARE_TOKEN, o["draft"].pk]),
        reverse("login"),
        reverse("signup"),
    ]


def _sweep(client, urls: list[str], problems: list[str]) -> int:
    """Parses each page; returns how many forms it saw, adds what is wrong."""
    forms = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        count, nested = nested_forms(response.text)
        forms += count
        problems.extend(f"{url}: {where}" for where in nested)
    return forms


def test_no_page_has_a_form_inside_a_form(client, demo):
    problems: list[str] = []
    client.force_login(demo["owner"])
    forms = _sweep(client, _pages(demo), problems)
    client.logout()
    forms += _sweep(client, _guest_pages(demo), problems)
    assert not problems, "\n".join(problems)
    assert forms > 40  # the sweep really saw the pages' forms


def test_the_editor_of_a_draft_with_fixable_findings_has_no_nested_form(client, demo):
    """The demo's drafts carry their generator's title heading: a "Remove it" fix."""
    client.force_login(demo["owner"])
    response = client.get(reverse("posts:draft", args=[demo["draft"].pk]))
    assert reverse("posts:apply_fix", args=[demo["draft"].pk]) in response.text
    assert nested_forms(response.text)[1] == []


def _renderings(client, demo) -> dict[str, str]:
    """Every page, the combined exports and a live preview, per-request tokens
    blanked out."""
    export = reverse("posts:export", args=[demo["series"].slug])
    downloads = [f"{export}?format=md", f"{export}?format=txt"]
    pages = {url: client.get(url) for url in [*_pages(demo), *downloads]}
    preview = reverse("posts:preview", args=[demo["draft"].pk])
    body = demo["draft"].body + "\n\nTyped just now, #never stored."
    pages[preview] = client.post(preview, {"body": body}, headers={"HX-Request": "1"})
    assert all(r.status_code == 200 for r in pages.values())
    return {url: _PER_REQUEST.sub(r"\1…", r.text) for url, r in pages.items()}


def test_every_page_is_the_same_with_the_cache_off_cold_and_warm(
    client, demo, settings, monkeypatch
):
    """The cache is an optimisation, never a source of truth (issue #16)."""
    measured: list[str] = []
    measure = derived.measure

    def counted(body: str, platform: str):
        measured.append(body)
        return measure(body, platform)

    monkeypatch.setattr(derived, "measure", counted)
    client.force_login(demo["owner"])
    settings.CACHES = DUMMY_CACHE
    uncached = _renderings(client, demo)
    settings.CACHES = LOCAL_CACHE
    client.force_login(demo["owner"])
    cold = _renderings(client, demo)
    measured.clear()
    warm = _renderings(client, demo)
    assert len(measured) == 1  # only the typed text: the stored ones were kept
    for url, html in uncached.items():
        assert cold[url] == html, f"{url}: a cache miss differs"
        assert warm[url] == html, f"{url}: a cache hit differs"
