"""The draft board (issue #19): drafts in columns, rows by purpose, composed with sources."""

import re

import pytest
from django.urls import reverse

from posts.models import Draft, Revision
from tests.factories import MembershipFactory, head, make_draft

ONE = """# Title one

Hook one: you may wonder why.

So what is it? Body one.

Why this matters for you: stakes one.

In next week's post (Part 2), I will explain gradients.

#AI #One"""

TWO = """# Title two

Hook two grabs you.

Body two explains.

Next week, in Part 2, backpropagation.

#AI #Two"""

THREE = """Hook three, no title.

Body three.

What would you try first? Let me know below.

#AI #Three"""


@pytest.fixture
def drafts(part):
    return [
        make_draft(part, ONE, strategy="balanced"),
        make_draft(part, TWO, strategy="bold", revisions=2),
        make_draft(part, THREE, strategy="story"),
    ]


def url(part):
    return reverse("posts:draft_board", args=[part.pk])


def row_html(html: str, purpose: str) -> str:
    match = re.search(
        rf'<fieldset class="board-row" id="board-{purpose}">(.*?)</fieldset>',
        html,
        re.S,
    )
    assert match, f"no {purpose} row"
    return match.group(1)


def test_hooks_face_each_other_in_one_row_and_teasers_in_another(
    owner_client, drafts, part
):
    html = owner_client.get(url(part)).text
    hooks = row_html(html, "hook")
    assert (
        "Hook one: you may wonder why." in hooks
        and "Hook two grabs you." in hooks
        and "Hook three" in hooks
    )
    teasers = row_html(html, "teaser")
    assert "I will explain gradients" in teasers and "backpropagation" in teasers
    assert "No teaser in this draft." in teasers  # Draft 3 has none
    assert "Asks" in row_html(html, "cta") and "What would you try first?" in row_html(
        html, "cta"
    )


def test_the_hashtag_row_says_what_is_shared_and_what_is_unique(
    owner_client, drafts, part
):
    tags = row_html(owner_client.get(url(part)).text, "hashtags")
    assert tags.count("<dt>Shared</dt><dd>#AI</dd>") == 3
    assert "<dt>Only here</dt><dd>#Two</dd>" in tags


def picks(drafts, **rows):
    data = {f"rev-{d.pk}": d.head.number for d in drafts}
    for place, (purpose, draft) in enumerate(rows.items(), start=1):
        data[f"pick-{purpose}"] = draft.pk if draft else "none"
        data[f"order-{purpose}"] = place
    return data


def test_composing_takes_one_cell_per_row_in_the_chosen_order_and_records_sources(
    owner_client, drafts, part, user
):
    one, two, three = drafts
    data = picks(
        drafts,
        hook=three,
        body=two,
        teaser=one,
        title=None,
        why=None,
        cta=None,
        hashtags=one,
    )
    data["compose"] = "1"
    response = owner_client.post(url(part), data)
    new = Draft.objects.get(part=part, number=4)
    assert (
        response.status_code == 302 and response["Location"] == new.get_absolute_url()
    )
    last = head(new)
    assert last.body == (
        "Hook three, no title.\n\nBody two explains.\n\n"
        "In next week's post (Part 2), I will explain gradients.\n\n#AI #One\n"
    )
    assert last.kind == Revision.Kind.MERGE and last.author == user
    assert [(s["draft"], s["paragraph"], s["revision"]) for s in last.sources] == [
        (3, 1, 1),
        (2, 3, 2),
        (1, 5, 1),
        (1, 6, 1),
    ]


def test_a_body_row_takes_every_body_paragraph_of_the_picked_draft(
    owner_client, part, user
):
    a = make_draft(part, "Hook a.\n\nBody a1.\n\nBody a2.\n\nBody a3.")
    b = make_draft(part, "Hook b.\n\nBody b1.")
    data = picks([a, b], hook=b, body=a)
    data["compose"] = "1"
    owner_client.post(url(part), data)
    assert (
        head(Draft.objects.get(part=part, number=3)).body
        == "Hook b.\n\nBody a1.\n\nBody a2.\n\nBody a3.\n"
    )


def test_preview_shows_the_feed_and_stores_nothing(owner_client, drafts, part):
    data = picks(drafts, hook=drafts[1], body=drafts[0])
    data["preview"] = "1"
    response = owner_client.post(url(part), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "How the feed shows the composed post" in response.text
    assert "Hook two grabs you." in response.text and "<form" not in response.text
    assert part.drafts.count() == 3


def test_a_draft_edited_since_the_board_was_read_is_not_composed_from(
    owner_client, drafts, part
):
    from posts.editor.saving import save_text

    data = picks(drafts, hook=drafts[0])
    data["compose"] = "1"
    save_text(
        drafts[0].pk,
        part.series.owner,
        ONE + "\n\nMore.",
        kind=Revision.Kind.NAMED,
        base_number=1,
    )
    response = owner_client.post(url(part), data)
    assert response.status_code == 200
    assert "Draft 1 (now r2) changed since you opened the board" in response.text
    assert part.drafts.count() == 3


def test_nothing_picked_is_refused_in_words(owner_client, drafts, part):
    data = picks(
        drafts,
        title=None,
        hook=None,
        body=None,
        why=None,
        teaser=None,
        cta=None,
        hashtags=None,
    )
    data["compose"] = "1"
    response = owner_client.post(url(part), data)
    assert response.status_code == 200 and "Pick at least one row" in response.text
    assert part.drafts.count() == 3


def test_a_hand_made_post_naming_a_draft_without_that_role_is_ignored(
    owner_client, drafts, part
):
    data = picks(drafts, teaser=drafts[2])  # Draft 3 has no teaser
    data["compose"] = "1"
    response = owner_client.post(url(part), data)
    assert response.status_code == 200 and "Pick at least one row" in response.text


def test_one_draft_gets_a_plain_word_not_an_empty_board(owner_client, part):
    make_draft(part, ONE)
    assert "The board needs at least two drafts" in owner_client.get(url(part)).text


def test_the_part_page_links_the_board_once_there_are_two_drafts(
    owner_client, drafts, part
):
    assert url(part) in owner_client.get(part.get_absolute_url()).text


def test_a_reviewer_cannot_open_the_board(client, drafts, part):
    client.force_login(MembershipFactory(series=part.series, role="reviewer").user)
    assert client.get(url(part)).status_code == 403


@pytest.mark.parametrize("count", [2, 8])
def test_query_count_does_not_grow_with_the_drafts(
    owner_client, part, count, django_assert_max_num_queries
):
    for n in range(count):
        make_draft(part, ONE.replace("one", f"n{n}"))
    with django_assert_max_num_queries(7):
        assert owner_client.get(url(part)).status_code == 200


def test_sibling_compare_marks_the_feeds_cut_inside_each_column(owner_client, part):
    long_hook = "A hook that runs on and on for the reader. " * 6
    a = make_draft(part, f"# One\n\n{long_hook}\n\nSo what? Body one.")
    b = make_draft(part, "Short hook.\n\nBody two.")
    html = owner_client.get(reverse("posts:compare", args=[a.pk, 1, b.pk, 1])).text
    row = re.search(
        r'<div class="diff-row[^"]*" id="row-1">(.*?)<div class="diff-row', html, re.S
    )
    assert row, "no row for the hooks"
    assert "…see more on a phone (140 characters) after" in row.group(1)
    assert html.count("feed-cut-phone") == 1  # B is too short to fold
