from django.urls import path

from series.views import consistency, members, publishing
from series.views import pages as views

app_name = "series"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("series/new/", views.series_create, name="create"),
    path("series/<slug:slug>/", views.series_detail, name="detail"),
    path("series/<slug:slug>/edit/", views.series_edit, name="edit"),
    path("series/<slug:slug>/delete/", views.series_delete, name="delete"),
    path("series/<slug:slug>/parts/new/", views.part_create, name="part_create"),
    path("parts/<int:pk>/", views.part_detail, name="part"),
    path("parts/<int:pk>/edit/", views.part_edit, name="part_edit"),
    path("parts/<int:pk>/delete/", views.part_delete, name="part_delete"),
    path("series/<slug:slug>/voice/", consistency.voice_profile, name="voice"),
    path(
        "series/<slug:slug>/consistency/", consistency.consistency, name="consistency"
    ),
    path("series/<slug:slug>/publish/", publishing.publish, name="publish"),
    path("series/<slug:slug>/export/", publishing.export_series, name="export"),
    path(
        "parts/<int:pk>/publish/choose/",
        publishing.publish_choose,
        name="publish_choose",
    ),
    path("parts/<int:pk>/publish/mark/", publishing.publish_mark, name="publish_mark"),
    path("parts/<int:pk>/publish/undo/", publishing.publish_undo, name="publish_undo"),
    path("parts/<int:pk>/export/", publishing.export_part, name="export_part"),
    path("trash/", views.trash, name="trash"),
    path(
        "trash/<str:kind>/<int:pk>/restore/", views.trash_restore, name="trash_restore"
    ),
    # Members (issue #6)
    path("series/<slug:slug>/members/", members.members, name="members"),
    path(
        "series/<slug:slug>/members/<int:pk>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "series/<slug:slug>/invitations/",
        members.invitation_create,
        name="invitation_create",
    ),
    path(
        "series/<slug:slug>/invitations/<int:pk>/revoke/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", members.invitation, name="invitation"),
]
