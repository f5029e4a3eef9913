"""Who may see and do what. Every view looks objects up through here.

Not a member of the series: 404 (we do not confirm the object exists).
A member whose role does not allow the action: 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from series.models import WRITE_ROLES, Part, Series


def check_role(series: Series, user, *, write: bool) -> str:
    role = series.role_for(user)
    if role is None:
        from django.http import Http404

        raise Http404("No such series.")
    if write and role not in WRITE_ROLES:
        raise PermissionDenied("Reviewers can read and comment, not edit.")
    return role


def get_series(user, slug: str, *, write: bool = False) -> Series:
    series = get_object_or_404(
        Series.objects.for_user(user)
        .select_related("owner")
        .prefetch_related("memberships"),
        slug=slug,
    )
    series.role = check_role(series, user, write=write)
    return series


def get_part(user, pk: int, *, write: bool = False) -> Part:
    part = get_object_or_404(
        Part.objects.for_user(user)
        .select_related("series__owner")
        .prefetch_related("series__memberships"),
        pk=pk,
    )
    part.series.role = check_role(part.series, user, write=write)
    return part


def get_draft(user, pk: int, *, write: bool = False):
    from posts.models import Draft

    draft = get_object_or_404(
        Draft.objects.for_user(user)
        .select_related("part__series__owner", "head__author")
        .prefetch_related("part__series__memberships"),
        pk=pk,
    )
    draft.part.series.role = check_role(draft.part.series, user, write=write)
    return draft


def get_share_link(token: str):
    """A usable share link for this token (not revoked, not expired), else 404.

    Looked up by the token's sha256; the stored hash is compared again in
    constant time so that the check does not depend on the lookup's index.
    """
    import hmac

    from django.http import Http404

    from posts.models import ShareLink
    from series.tokens import hash_token

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


def get_shared_draft(token: str, pk: int):
    """(link, draft) for a guest: the draft must be what the link is for."""
    from posts.models import Draft

    link = get_share_link(token)
    drafts = Draft.objects.filter(
        part__series=link.series, part__deleted_at__isnull=True
    )
    if link.draft_id:
        drafts = drafts.filter(pk=link.draft_id)
    draft = get_object_or_404(
        drafts.select_related("part__series__owner", "head__author"), pk=pk
    )
    draft.part.series.role = "guest"
    return link, draft
