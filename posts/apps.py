from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"

    def ready(self) -> None:
        # Connects the receivers that put members joining and leaving in the feed.
        # Saves made outside a live room reach the room as edits.
        # Kept pages render afresh when something of their series is written.
        from posts import derived, pages
        from posts.live import notify  # noqa: F401
        from posts.review import activity  # noqa: F401

        # Keeps the search index current on every save.
        from posts.search import indexing  # noqa: F401
        from posts.textkit import document

        pages.connect()
        # A stored text is read once for every worker: its reading is kept.
        document.keep_readings_in(derived.kept_reading)
