"""Looking drafts up for members and share-link guests, each with its `Access`.

The policy itself is series.access.Access; these are its lookups for objects
of this app: 404 for what the person may not see, 403 for what they may see
but not do.
"""

from __future__ import annotations

import hmac

from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from posts.api.prepared import Prepared, fits_key
from posts.models import Draft, ShareLink
from series.access import (
    Access,
    Need,
    column,
    lookup,
    row_access,
    viewer,
    with_role,
)
from series.models import Part
from series.tokens import hash_token

# What a member may be shown: live drafts of live parts of live series.
# Built once, unordered (one row is wanted): a lookup adds only its own user's
# role and key.
VISIBLE_DRAFTS = Draft.objects.filter(
    part__deleted_at__isnull=True, part__series__deleted_at__isnull=True
).order_by()
_DRAFTS = VISIBLE_DRAFTS.select_related("part__series__owner", "head__author")
# A draft row's series id, for with_role: its part's series.
DRAFT_SERIES_ID = (
    f"SELECT p.{connection.ops.quote_name('series_id')}"
    f" FROM {connection.ops.quote_name(Part._meta.db_table)} p"
    f" WHERE p.{connection.ops.quote_name('id')} = {column(Draft, 'part')}"
)


# get_draft's query with its SQL built once (posts.api.prepared): the viewer's
# id and the draft's key go into it.
_DRAFT = Prepared(
    lambda user, pk: with_role(_DRAFTS, viewer(user), DRAFT_SERIES_ID).filter(pk=pk),
    kinds=(int, int),
)


def get_draft(user, pk: int, *, need: Need = "view") -> tuple[Draft, Access]:
    """The draft (its part, series, owner, head and head's author loaded) and
    the user's access to its series: one query, with series.access.lookup's
    rules (404 when missing or not on the series, 403 for the role)."""
    if not user.is_authenticated:
        raise Http404("No such series.")
    found = _DRAFT.models(user.pk, pk) if fits_key(pk) else []
    if not found:
        raise Http404("Not found.")
    draft = found[0]
    assert isinstance(draft, Draft)
    return draft, row_access(draft, user, need, "part__series__owner_id")


def draft_lookup(drafts, user, pk: int, *, need: Need = "view"):
    """get_draft on `drafts`, a queryset made from VISIBLE_DRAFTS: e.g. a
    projection built once with values(), which must include
    "part__series__owner_id" (the API reads a draft so, without the cost of
    building six model instances). Same rules, same one query."""
    rows = with_role(drafts, user, DRAFT_SERIES_ID)
    return lookup(rows, user, need, "part__series__owner_id", pk=pk)


def get_share_link(token: str) -> ShareLink:
    """A usable share link for this token (not revoked, not expired), else 404.

    Looked up by the token's sha256; the stored hash is compared again in
    constant time so that the check does not depend on the lookup's index.
    """
    digest = hash_token(token)
    link = (
        ShareLink.objects.usable()
        .select_related("series__owner", "draft")
        .filter(token_hash=digest, series__deleted_at__isnull=True)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        raise Http404("No such link.")
    return link


def guest_name_key(link: ShareLink) -> str:
    """Where the session keeps the name a guest typed last through this link."""
    return f"share-{link.pk}-name"


def get_shared_draft(token: str, pk: int, session) -> tuple[Draft, Access]:
    """A guest's draft and access: the draft must be what the link is for."""
    link = get_share_link(token)
    drafts = Draft.objects.filter(
        part__series=link.series, part__deleted_at__isnull=True
    )
    if link.draft_id:
        drafts = drafts.filter(pk=link.draft_id)
    draft = get_object_or_404(
        drafts.select_related("part__series__owner", "head__author"), pk=pk
    )
    return draft, Access.guest(link, session.get(guest_name_key(link), ""))
