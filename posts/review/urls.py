"""Review by members, and the owner's share links: /review/…

Guests who came through a share link use posts.review.share_urls (/s/<token>/…).
"""

from django.urls import path

from posts.review import feeds, share, views

urlpatterns = [
    path("drafts/<int:pk>/", views.review, name="review"),
    path("drafts/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment_restore"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("drafts/<int:pk>/suggest/", views.suggestion_create, name="suggest"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path(
        "suggestions/<int:pk>/decide/",
        views.suggestion_decide,
        name="suggestion_decide",
    ),
    path(
        "drafts/<int:pk>/request/", views.review_request_create, name="review_request"
    ),
    path("drafts/<int:pk>/verdict/", views.verdict_create, name="verdict"),
    path("drafts/<int:pk>/presence/", views.presence, name="presence"),
    path("series/<slug:slug>/comments/", feeds.open_comments, name="open_comments"),
    path("series/<slug:slug>/activity/", feeds.activity, name="activity"),
    path("series/<slug:slug>/share/", share.share_links, name="share_links"),
    path(
        "series/<slug:slug>/share/<int:pk>/revoke/",
        share.share_revoke,
        name="share_revoke",
    ),
    path("notifications/", feeds.notifications, name="notifications"),
    path("notifications/badge/", feeds.notification_badge, name="notification_badge"),
    path("notifications/read/", feeds.notifications_read, name="notifications_read"),
]
