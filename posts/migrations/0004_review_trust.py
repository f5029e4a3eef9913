import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def hash_verdicts(apps, schema_editor):
    """Verdicts given before hold for the text of the revision they were given on."""
    Verdict = apps.get_model("posts", "Verdict")
    Revision = apps.get_model("posts", "Revision")
    text_of = Revision.objects.filter(pk=OuterRef("revision_id")).values(
        "content_hash"
    )[:1]
    Verdict.objects.filter(content_hash="").update(content_hash=Subquery(text_of))


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0003_repair_draft_heads"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="content_hash",
            field=models.CharField(db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(hash_verdicts, migrations.RunPython.noop),
        migrations.AddField(
            model_name="presence",
            name="doing",
            field=models.CharField(
                choices=[
                    ("editing", "editing"),
                    ("reviewing", "reviewing"),
                    ("reading", "reading"),
                ],
                default="reading",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="deleted_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="comment",
            name="deleted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="replies",
                to="posts.comment",
            ),
        ),
    ]
