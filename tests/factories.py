"""Small factories for tests: one call gives a saved object with sensible text."""

import factory
from django.contrib.auth import get_user_model

from posts.models import Draft, Revision
from series.models import Membership, Part, Series

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"writer{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Neural Networks {n}")


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "How networks learn"


class MembershipFactory(factory.django.DjangoModelFactory):
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
    from posts.saving import create_draft

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
