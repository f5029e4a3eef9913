"""The editor shows where composed paragraphs came from, until they are edited away (#19)."""

import pytest
from django.urls import reverse

from posts.compare.compose import Pick, compose_draft
from posts.editor.saving import save_text
from posts.models import Revision
from tests.factories import head, make_draft


@pytest.fixture
def composed(part, user):
    one = make_draft(
        part,
        "Hook one is here.\n\nBody one explains everything there is.",
        strategy="balanced",
    )
    two = make_draft(
        part,
        "Hook two grabs the reader now.\n\nBody two.",
        strategy="bold",
        revisions=2,
    )
    return compose_draft(
        part,
        user,
        [
            Pick(two, 1, "Hook two grabs the reader now."),
            Pick(one, 2, "Body one explains everything there is."),
        ],
    )


def page(client, draft):
    return client.get(reverse("posts:draft", args=[draft.pk])).text


def test_a_composed_draft_names_each_paragraphs_source(owner_client, composed):
    html = page(owner_client, composed)
    assert "Where the paragraphs came from" in html
    assert "from Draft 2 · bold, r2" in html and "from Draft 1 · balanced, r1" in html
    assert "edited since" not in html


def test_an_edit_keeps_the_note_until_the_paragraph_is_edited_away(
    owner_client, composed, user
):
    save_text(
        composed.pk,
        user,
        "Hook two grabs the reader right now.\n\nA paragraph I wrote myself instead.\n",
        base_number=head(composed).number,
    )
    html = page(owner_client, composed)
    assert "from Draft 2 · bold, r2; edited since" in html
    assert "from Draft 1 · balanced, r1" not in html


def test_a_taken_paragraph_is_traced_too(owner_client, part, user):
    a = make_draft(part, "Intro.\n\nOld ending.")
    b = make_draft(part, "Intro.\n\nA new ending from B.", strategy="bold")
    from posts.compare.sides import load_side
    from posts.compare.take import take_changes
    from posts.textkit.diff import diff_texts

    diff = diff_texts(head(a).body, head(b).body)
    take_changes(
        load_side(user, a.pk, 1),
        load_side(user, b.pk, 1),
        set(diff.change_indexes),
        user,
    )
    assert Revision.objects.filter(draft=a, kind=Revision.Kind.MERGE).exists()
    assert "from Draft 2 · bold, r1" in page(owner_client, a)


def test_a_draft_never_composed_shows_no_panel(owner_client, draft):
    assert "Where the paragraphs came from" not in page(owner_client, draft)
