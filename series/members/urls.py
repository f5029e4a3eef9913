"""Who works on a series: members and invitation links, /members/…"""

from django.urls import path

from series.members import views

urlpatterns = [
    path("<slug:slug>/", views.members, name="members"),
    path("<slug:slug>/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", views.invitation, name="invitation"),
]
