# The Invitation model moves to series (see series 0002): Django forgets it
# here, and its table, posts_invitation, stays as it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0004_review_trust"),
        ("series", "0002_invitation_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Invitation")],
            database_operations=[],
        ),
    ]
