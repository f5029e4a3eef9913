"""Point every draft's head at its highest revision.

Re-importing a regenerated file used to add revision N+1 and then write the
old head back, so the next save collided with N+1 and failed. The text was
never lost: it is the highest revision, which is what the head should be.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def repair_heads(apps, schema_editor) -> None:
    Draft = apps.get_model("posts", "Draft")
    Revision = apps.get_model("posts", "Revision")
    latest = (
        Revision.objects.filter(draft=OuterRef("pk"))
        .order_by("-number")
        .values("pk")[:1]
    )
    # _base_manager: drafts in the trash are repaired too, so restoring one works
    drafts = Draft._base_manager.annotate(latest=Subquery(latest)).filter(
        latest__isnull=False
    )
    for pk, head_id, latest_id in drafts.values_list("pk", "head_id", "latest"):
        if head_id != latest_id:
            Draft._base_manager.filter(pk=pk).update(head_id=latest_id)


class Migration(migrations.Migration):
    dependencies = [("posts", "0002_review")]

    operations = [
        # Nothing to undo: the heads it sets are the ones saving keeps anyway.
        migrations.RunPython(repair_heads, migrations.RunPython.noop),
    ]
