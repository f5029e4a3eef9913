"""Who works on a series: members, invitations by username or by link.

Every member may see the list; only the owner changes it (others get 403).
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from series.access import get_series, may
from series.htmx import HtmxRequest, LoggedInRequest
from series.members.forms import InvitationForm, InviteForm
from series.members.signals import member_added, member_removed
from series.models import Invitation, Membership, Series
from series.tokens import hash_token, new_token


def _page(
    request, series, access, *, invite=None, link_form=None, new_link="", status=200
):
    context = {
        "series": series,
        "here": "Members",
        "memberships": series.memberships.select_related("user").order_by(
            "user__username"
        ),
        "invitations": series.invitations.usable().filter(accepted_at__isnull=True),
        "invite": invite or InviteForm(series=series),
        "link_form": link_form or InvitationForm(),
        "new_link": new_link,
        "access": access,
    }
    return render(request, "series/members/members.html", context, status=status)


@require_http_methods(["GET", "POST"])
def members(request: HtmxRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        return _page(request, *get_series(request.user, slug))
    series, access = get_series(request.user, slug, need="manage")
    form = InviteForm(request.POST, series=series)
    if not form.is_valid():
        return _page(request, series, access, invite=form)
    user, role = form.cleaned_data["username"], form.cleaned_data["role"]
    with transaction.atomic():
        Membership.objects.create(series=series, user=user, role=role)
        member_added.send(Series, series=series, user=user, role=role, by=request.user)
    messages.success(request, f"{user.username} is now a {role} of this series.")
    return redirect("series:members", series.slug)


@require_POST
def member_remove(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    series, _ = get_series(request.user, slug, need="manage")
    membership = get_object_or_404(series.memberships, pk=pk)
    membership.delete()
    member_removed.send(Series, series=series, user=membership.user, by=request.user)
    messages.success(request, f"{membership.user.username} no longer has access.")
    return redirect("series:members", series.slug)


@require_POST
def invitation_create(request: LoggedInRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug, need="manage")
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _page(request, series, access, link_form=form)
    token, digest = new_token()
    Invitation.objects.create(
        series=series,
        role=form.cleaned_data["role"],
        token_hash=digest,
        created_by=request.user,
        expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
    )
    # Shown once, in this response: only its hash is stored.
    link = request.build_absolute_uri(reverse("series:invitation", args=[token]))
    return _page(request, series, access, new_link=link)


@require_POST
def invitation_revoke(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    series, _ = get_series(request.user, slug, need="manage")
    invitation = get_object_or_404(series.invitations, pk=pk)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    messages.success(request, "Invitation link revoked.")
    return redirect("series:members", series.slug)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HtmxRequest, token: str) -> HttpResponse:
    invite = get_object_or_404(
        Invitation.objects.usable().select_related("series__owner"),
        token_hash=hash_token(token),
        accepted_at__isnull=True,
        series__deleted_at__isnull=True,
    )
    series, user = invite.series, request.user
    if request.method == "GET" or not user.is_authenticated:
        context = {"invite": invite, "series": series, "token": token}
        return render(request, "series/members/invitation.html", context)
    if not may(user, series, "view"):
        try:
            with transaction.atomic():
                Membership.objects.create(series=series, user=user, role=invite.role)
                invite.accepted_by, invite.accepted_at = user, timezone.now()
                invite.save(update_fields=["accepted_by", "accepted_at"])
                member_added.send(
                    Series,
                    series=series,
                    user=user,
                    role=invite.role,
                    by=invite.created_by,
                )
        except IntegrityError:  # a double click: the first one made the membership
            pass
    messages.success(request, f"Welcome to “{series.title}”.")
    return redirect(series)
