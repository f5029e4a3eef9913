"""Suggestions made on an older revision are merged word by word with what changed since."""

from posts.editor.saving import base_of, save_text
from posts.models import Draft, Suggestion
from posts.review.suggestions import apply_suggestion, plan_suggestion
from tests.factories import make_draft

BASE = "The quick brown fox jumps.\n\nSecond paragraph.\n"


def _head(draft):
    head = Draft.objects.get(pk=draft.pk).head
    assert head is not None
    return head


def test_a_suggestion_on_an_older_revision_merges_with_other_words_of_its_paragraph(
    part, user
):
    draft = make_draft(part, BASE)
    base = _head(draft)
    save_text(
        draft.pk, user, BASE.replace("jumps", "leaps"), kind="named", **base_of(base)
    )
    suggestion = Suggestion.objects.create(
        draft=draft, base=base, body=BASE.replace("quick", "slow"), author=user
    )
    plan = plan_suggestion(suggestion, _head(draft))
    assert plan.stale and plan.applicable  # before: the whole paragraph conflicted
    apply_suggestion(suggestion, set(plan.applicable), user)
    assert _head(draft).body == "The slow brown fox leaps.\n\nSecond paragraph.\n"


def test_a_suggestion_on_words_changed_since_is_a_conflict(part, user):
    draft = make_draft(part, BASE)
    base = _head(draft)
    save_text(
        draft.pk, user, BASE.replace("quick", "fast"), kind="named", **base_of(base)
    )
    suggestion = Suggestion.objects.create(
        draft=draft, base=base, body=BASE.replace("quick", "slow"), author=user
    )
    plan = plan_suggestion(suggestion, _head(draft))
    assert plan.changes and not plan.applicable
