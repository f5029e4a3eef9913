import importlib

from django.apps import apps

from posts.editor.saving import save_text
from posts.models import Draft, Revision
from tests.factories import head, make_draft

repair = importlib.import_module("posts.migrations.0003_repair_draft_heads")


def bricked(part, revisions: int = 2) -> Draft:
    """A draft whose head lags behind its newest revision, as re-imports left them."""
    draft = make_draft(part, revisions=revisions)
    Draft.everything.filter(pk=draft.pk).update(head=draft.revisions.get(number=1))
    return draft


def test_repair_points_a_lagging_head_at_the_highest_revision(part, user):
    draft = bricked(part, revisions=3)
    healthy = make_draft(part, revisions=2, number=7)
    repair.repair_heads(apps, None)
    assert head(Draft.objects.get(pk=draft.pk)).number == 3
    assert head(Draft.objects.get(pk=healthy.pk)).number == 2
    result = save_text(
        draft.pk, user, "Saved again.", kind=Revision.Kind.NAMED, base_number=3
    )
    assert (result.revision.number, result.conflict) == (4, False)


def test_repair_also_fixes_drafts_in_the_trash_and_leaves_others_alone(part, user):
    draft = bricked(part)
    draft.move_to_trash(user)
    untouched = make_draft(part, number=5)
    before = Draft.objects.get(pk=untouched.pk).updated_at
    repair.repair_heads(apps, None)
    newest = draft.revisions.get(number=2)
    assert Draft.everything.get(pk=draft.pk).head_id == newest.pk
    assert Draft.objects.get(pk=untouched.pk).updated_at == before
