"""Compose a new draft from picked paragraphs of a part's drafts (issue #5)."""

import pytest
from django.urls import reverse

from posts.editor.saving import save_text
from posts.models import Draft, Revision
from tests.factories import MembershipFactory, UserFactory, make_draft


@pytest.fixture
def drafts(part):
    one = make_draft(part, "Hook one.\n\nBody one.\n\n#AI", strategy="balanced")
    two = make_draft(part, "Hook two.\n\nBody two.", strategy="bold", revisions=2)
    return one, two


def url(part):
    return reverse("posts:compose", args=[part.pk])


def picks(*items, revs):
    data = {f"rev-{d.pk}": d.head.number for d in revs}
    for draft, n, order in items:
        data[f"pick-{draft.pk}-{n}"] = "on"
        data[f"order-{draft.pk}-{n}"] = order
    return data


def test_compose_page_lists_every_paragraph_with_a_checkbox(owner_client, drafts, part):
    html = owner_client.get(url(part)).text
    one, two = drafts
    assert f'name="pick-{one.pk}-3"' in html and f'name="order-{two.pk}-2"' in html
    assert "Body two." in html and "Hook one." in html


def test_compose_creates_a_draft_in_the_chosen_order_with_sources(
    owner_client, drafts, part, user
):
    one, two = drafts
    data = picks((two, 1, 1), (one, 2, 2), (one, 3, 3), revs=drafts)
    response = owner_client.post(url(part), data)
    new = Draft.objects.get(part=part, number=3)
    assert (
        response.status_code == 302 and response["Location"] == new.get_absolute_url()
    )
    head = new.head
    assert head is not None
    assert head.body == "Hook two.\n\nBody one.\n\n#AI\n"
    assert head.kind == Revision.Kind.MERGE
    assert head.message == (
        "Composed from ¶1 from Draft 2 r2, ¶2 from Draft 1 r1, ¶3 from Draft 1 r1"
    )
    assert [(s["draft"], s["paragraph"], s["revision"]) for s in head.sources] == [
        (2, 1, 2),
        (1, 2, 1),
        (1, 3, 1),
    ]
    assert head.author == user
    assert new.strategy == "composed"
    assert new.revisions.count() == 1  # one revision, no empty placeholder before it


def test_ties_and_blank_order_keep_draft_then_paragraph_order(
    owner_client, drafts, part
):
    one, two = drafts
    data = picks((two, 1, 1), (one, 1, 1), (one, 2, ""), revs=drafts)
    owner_client.post(url(part), data)
    body = Draft.objects.get(part=part, number=3).body
    assert body == "Hook one.\n\nHook two.\n\nBody one.\n"


def test_compose_without_picks_says_so(owner_client, drafts, part):
    response = owner_client.post(url(part), picks(revs=drafts))
    assert response.status_code == 200
    assert "Tick at least one paragraph." in response.text
    assert part.drafts.count() == 2


def test_compose_refuses_picks_from_a_draft_edited_meanwhile(
    owner_client, drafts, part, user
):
    one, two = drafts
    data = picks((one, 1, 1), revs=drafts)
    save_text(one.pk, user, "Rewritten.\n\nHook one.", kind="named", base_number=1)
    response = owner_client.post(url(part), data)
    assert "Draft 1 (now r2) changed since you opened this page" in response.text
    assert "Rewritten." in response.text
    assert f'name="rev-{one.pk}" value="2"' in response.text
    assert part.drafts.count() == 2


def test_compose_ignores_made_up_fields(owner_client, drafts, part):
    one, _ = drafts
    data = picks((one, 1, 1), revs=drafts)
    data["pick-999999-1"] = "on"
    data[f"pick-{one.pk}-99"] = "on"
    owner_client.post(url(part), data)
    assert Draft.objects.get(part=part, number=3).body == "Hook one.\n"


def test_compose_rejects_bad_order_numbers(owner_client, drafts, part):
    one, _ = drafts
    response = owner_client.post(url(part), picks((one, 1, "abc"), revs=drafts))
    assert response.status_code == 200
    assert "Enter a whole number." in response.text
    assert part.drafts.count() == 2


def test_reviewer_cannot_compose(client, drafts, part):
    reviewer = UserFactory()
    MembershipFactory(series=part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    assert client.get(url(part)).status_code == 403


def test_stranger_gets_404(stranger_client, drafts, part):
    assert stranger_client.get(url(part)).status_code == 404


def test_compose_escapes_paragraph_text(owner_client, part):
    make_draft(part, "<script>alert(1)</script>")
    html = owner_client.get(url(part)).text
    assert "<script>alert" not in html and "&lt;script&gt;" in html
