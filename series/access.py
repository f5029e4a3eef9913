"""Who may see and do what: one `Access` answers every "can they?".

The lookups below return the object with the requester's `Access`; views ask
it, and hand it to templates as `access`. Not a member of the series: 404 (we
do not confirm the object exists). A member whose role does not allow what the
view needs: 403. Share-link guests get theirs from posts.access.get_shared_draft.
No role string is compared anywhere else (tests/series/test_access_policy.py greps).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from series.models import WRITE_ROLES, Membership, Part, Role, Series

Need = Literal["view", "edit", "manage"]

REFUSALS = {
    "edit": "Reviewers can read and comment, not edit.",
    "manage": "Only the owner of the series can do that.",
}


@dataclass(frozen=True)
class Access:
    """What the person looking at one series may do there, and who they are."""

    role: str | None  # a Role; None for a share-link guest
    user: Any = None  # the member; None for a guest
    guest_name: str = ""  # a guest is known by the name typed with each post
    share_link: Any = None  # the posts.ShareLink a guest came through

    @classmethod
    def member(cls, series: Series, user) -> Access | None:
        """The user's access to `series`, or None if they are not on it."""
        role = series.role_for(user)
        return None if role is None else cls(role, user=user)

    @classmethod
    def from_row(cls, owner_id: int, user, member_role: str | None) -> Access | None:
        """The user's access to a series, from its owner's id and the user's
        membership role there (a row annotated by `with_role`): the same answer
        as `member`, without reading the memberships again."""
        if owner_id == user.pk:
            return cls(Role.OWNER, user=user)
        return None if member_role is None else cls(member_role, user=user)

    @classmethod
    def guest(cls, share_link, guest_name: str = "") -> Access:
        return cls(None, guest_name=guest_name, share_link=share_link)

    @property
    def is_guest(self) -> bool:
        return self.role is None

    @property
    def can_view(self) -> bool:
        return True

    @property
    def can_comment(self) -> bool:
        """Comments and suggestions: every member, and guests through their link."""
        return True

    @property
    def can_edit(self) -> bool:
        """Write drafts and parts: owner and editors."""
        return self.role in WRITE_ROLES

    @property
    def can_manage(self) -> bool:
        """Members, share links, deleting the series, hiding anyone's comment."""
        return self.role == Role.OWNER

    @property
    def can_give_verdict(self) -> bool:
        return not self.is_guest

    def can_approve(self, draft) -> bool:
        """An approval comes from a member other than the draft's creator."""
        return self.can_give_verdict and draft.created_by_id != self.user.pk

    def allows(self, need: Need) -> bool:
        return {"view": self.can_view, "edit": self.can_edit}.get(need, self.can_manage)

    @property
    def name(self) -> str:
        if self.is_guest:
            return f"{self.guest_name} (guest)"
        return self.user.username

    def authorship(self) -> dict:
        """Fields for a Comment or Suggestion this person writes."""
        if self.is_guest:
            return {"guest_name": self.guest_name, "share_link": self.share_link}
        return {"author": self.user}


def may(user, series: Series, need: Need) -> bool:
    """Whether the user's access to `series` allows `need` (False off the series)."""
    access = Access.member(series, user)
    return access is not None and access.allows(need)


def access_to(series: Series, user, need: Need = "view") -> Access:
    """404 unless the user is on the series; 403 unless their role allows `need`."""
    return judged(Access.member(series, user), need)


def judged(access: Access | None, need: Need) -> Access:
    """404 for no access at all; 403 unless the access allows `need`."""
    if access is None:
        raise Http404("No such series.")
    if not access.allows(need):
        raise PermissionDenied(REFUSALS[need])
    return access


def column(model, field: str) -> str:
    """`"table"."column"` of a model's field, quoted for the database: for
    `with_role`, whose SQL names the outer query's own table."""
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field).column)}"


def with_role(queryset: QuerySet, user, series_id: str) -> QuerySet:
    """`queryset` with `member_role`: the user's Membership.role in the series
    whose id the SQL expression `series_id` gives for the row (written with
    `column()` on the queryset's own table), or None.

    One query for a lookup: the role comes from a correlated subquery on the
    membership's unique (series, user) index. It is written in SQL once here
    rather than as an ORM Subquery because building and compiling that
    Subquery on every request cost ~0.4 ms, more than the rest of the lookup's
    SQL; the outer query's own table is never aliased, so naming it is safe.
    """
    return queryset.annotate(member_role=RawSQL(_ROLE.format(series_id), (user.pk,)))


def viewer(pk: object) -> SimpleNamespace:
    """A stand-in user for with_role when only the id is known (SQL built once
    with a placeholder id: posts.api.prepared): with_role reads only its pk."""
    return SimpleNamespace(pk=pk)


def _role_sql() -> str:
    quote = connection.ops.quote_name
    membership = quote(Membership._meta.db_table)
    return (
        f"SELECT m.{quote('role')} FROM {membership} m"
        f" WHERE m.{quote('series_id')} = ({{}}) AND m.{quote('user_id')} = %s"
    )


_ROLE = _role_sql()


def lookup(queryset: QuerySet, user, need: Need, owner: str, **where):
    """The one row of `queryset` matching `where`, with the user's access to its
    series: 404 if it is missing or the user is not on that series, 403 if
    their role does not allow `need`. One query; none for an anonymous user,
    who is on no series.

    `queryset` comes from `with_role`; its rows are models or, for a
    projection built with values(), dicts. `owner` is the path to the series
    owner's id in a row ("part__series__owner_id"): attributes of a model, the
    key of a dict.
    """
    if not user.is_authenticated:
        raise Http404("No such series.")
    try:
        row = queryset.get(**where)
    except queryset.model.DoesNotExist:
        raise Http404("Not found.") from None
    return row, row_access(row, user, need, owner)


def row_access(row, user, need: Need, owner: str) -> Access:
    """The user's access to the series of `row` (read through with_role; see
    lookup for `owner`): 404 off the series, 403 when the role falls short."""
    if isinstance(row, dict):
        owner_id, member_role = row[owner], row["member_role"]
    else:
        owner_id, member_role = _attribute(row, owner), row.member_role
    return judged(Access.from_row(owner_id, user, member_role), need)


def _attribute(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


# Built once (unordered: one row is wanted): every lookup adds only its own
# user's role and key to these.
_SERIES = Series.objects.select_related("owner").order_by()
_PARTS = (
    Part.objects.select_related("series__owner")
    .filter(series__deleted_at__isnull=True)
    .order_by()
)


def get_series(user, slug: str, *, need: Need = "view") -> tuple[Series, Access]:
    """The series and the user's access (one query)."""
    series = with_role(_SERIES, user, column(Series, "id"))
    return lookup(series, user, need, "owner_id", slug=slug)


def get_part(user, pk: int, *, need: Need = "view") -> tuple[Part, Access]:
    """The part and the user's access to its series (one query)."""
    parts = with_role(_PARTS, user, column(Part, "series"))
    return lookup(parts, user, need, "series__owner_id", pk=pk)
