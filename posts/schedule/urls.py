"""/calendar/…"""

from django.urls import path

from posts.schedule import views

urlpatterns = [
    path("", views.month, name="calendar"),
    path("week/", views.week, name="calendar_week"),
    path("parts/<int:pk>/move/", views.move, name="calendar_move"),
    path("zone/", views.time_zone, name="calendar_zone"),
    path("feeds/", views.feeds, name="calendar_feeds"),
    path("feeds/new/", views.feed_create, name="calendar_feed_create"),
    path("feeds/<int:pk>/revoke/", views.feed_revoke, name="calendar_feed_revoke"),
    path("ics/<str:token>.ics", views.feed_ics, name="calendar_ics"),
]
