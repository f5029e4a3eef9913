"""What the members feature tells the rest of the app.

series never imports posts, yet joining and leaving belong in the series feed
that posts.review keeps: these are sent inside the membership's transaction, and
posts.review.activity records them (connected in posts/apps.py).
"""

from django.dispatch import Signal

# series, user, role, by: `user` became a member as `role`, added by `by`
member_added = Signal()
# series, user, by: `by` removed `user`'s membership
member_removed = Signal()
