"""Small factories for tests: one call gives a saved object with sensible text."""

from typing import Any, TypeVar

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models

from posts.models import Draft, Revision
from series.models import Membership, Part, Series

PASSWORD = "correct-horse-battery"

M = TypeVar("M", bound=models.Model)


class ModelFactory(factory.django.DjangoModelFactory[M]):
    """`XFactory(...)` and `XFactory.create(...)` both save and return a model
    instance, but type checkers see the first as the factory and factory_boy
    leaves the second untyped: where the type matters, call `.create(...)`."""

    class Meta:
        abstract = True

    @classmethod
    def create(cls, **kwargs: Any) -> M:
        return super().create(**kwargs)


class UserFactory(ModelFactory[User]):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"writer{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class SeriesFactory(ModelFactory[Series]):
    class Meta:
        model = Series

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Neural Networks {n}")


class PartFactory(ModelFactory[Part]):
    class Meta:
        model = Part

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "How networks learn"


class MembershipFactory(ModelFactory[Membership]):
    class Meta:
        model = Membership

    series = factory.SubFactory(SeriesFactory)
    user = factory.SubFactory(UserFactory)
    role = "reviewer"


SAMPLE_BODY = """You may wonder, how do networks learn? That is because they find patterns.

In a nutshell, layers transform numbers.
Each layer adds a little.

#NeuralNetworks #AI #MachineLearning"""


def make_draft(
    part=None, body: str = SAMPLE_BODY, *, author=None, revisions: int = 1, **fields
) -> Draft:
    """A draft with `revisions` revisions; the last one holds `body`."""
    from posts.editor.saving import create_draft

    part = part or PartFactory()
    author = author or part.series.owner
    first = body if revisions == 1 else f"{body}\n\nRevision 1."
    draft = create_draft(part, author, first, **fields)
    for n in range(2, revisions + 1):
        text = body if n == revisions else f"{body}\n\nRevision {n}."
        rev = Revision.objects.create(
            draft=draft, number=n, body=text, author=author, kind=Revision.Kind.NAMED
        )
        draft.head = rev
    draft.save()
    return draft


def head(draft: Draft) -> Revision:
    """The draft's head revision, which every draft has once create_draft returns."""
    assert draft.head is not None, f"{draft} has no head revision"
    return draft.head


def anchored_comment(draft: Draft, quote: str, body: str = "Nice.", **fields):
    """A thread on `quote` in the draft's head, anchored as the review page anchors it."""
    from posts.review.comments import rendered_text
    from posts.review.models import Comment
    from posts.textkit.anchoring import context_of

    text = rendered_text(draft.body)
    start = text.index(quote)
    prefix, suffix = context_of(text, start, start + len(quote))
    return Comment.objects.create(
        draft=draft,
        revision=head(draft),
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        position=start,
        body=body,
        **fields,
    )
