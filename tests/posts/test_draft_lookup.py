"""posts.access.get_draft: one query whose SQL is built once, the ORM's models."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.utils import timezone

from posts.access import VISIBLE_DRAFTS, get_draft
from posts.models import Draft
from tests.factories import MembershipFactory, head, make_draft

_RELATED = ("part", "part__series", "part__series__owner", "head", "head__author")


def _orm(pk: int) -> Draft:
    return VISIBLE_DRAFTS.select_related("part__series__owner", "head__author").get(
        pk=pk
    )


def _role(draft: Draft) -> str | None:
    return vars(draft)["member_role"]  # series.access.with_role annotates it


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.fields}


def test_get_draft_reads_every_model_as_the_orm_does(
    draft, user, django_assert_num_queries
):
    expected = _orm(draft.pk)
    with django_assert_num_queries(1):
        found, access = get_draft(user, draft.pk)
    with django_assert_num_queries(0):  # every related object came with it
        assert _values(found) == _values(expected)
        for path in _RELATED:
            mine, theirs = found, expected
            for name in path.split("__"):
                mine, theirs = getattr(mine, name), getattr(theirs, name)
            assert type(mine) is type(theirs) and _values(mine) == _values(theirs)
        assert head(found).body == head(expected).body
    assert _role(found) is None and access.role == "owner"  # not a member row
    assert found._state.db == "default" and not found._state.adding
    found.title = "Renamed"
    found.save(update_fields=["title"])  # a model like any other
    assert Draft.objects.get(pk=draft.pk).title == "Renamed"


def test_get_draft_builds_its_sql_once(draft, user):
    get_draft(user, draft.pk)
    other = make_draft(draft.part)
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
        found, _ = get_draft(user, other.pk)
    assert as_sql.call_count == 0
    assert found.pk == other.pk and head(found).body == head(other).body


def test_get_draft_answers_each_person_as_the_rules_say(draft, user, stranger):
    reviewer = MembershipFactory(series=draft.part.series, role="reviewer").user
    found, access = get_draft(reviewer, draft.pk)
    assert found.pk == draft.pk and _role(found) == "reviewer"
    assert access.role == "reviewer"
    with pytest.raises(PermissionDenied):
        get_draft(reviewer, draft.pk, need="edit")
    for person, pk in [
        (stranger, draft.pk),  # on no series: as if there were no draft
        (AnonymousUser(), draft.pk),
        (user, draft.pk + 1000),
        (user, 2**63),  # past any key the database can hold
        (user, -(2**63) - 1),
    ]:
        with pytest.raises(Http404):
            get_draft(person, pk)
    part = draft.part
    part.deleted_at = timezone.now()
    part.save()
    with pytest.raises(Http404):  # a draft of a trashed part
        get_draft(user, draft.pk)
