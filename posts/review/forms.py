"""Forms of the review pages. Guests also type the name they comment under."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.layout import Div, Layout
from django import forms

from posts.editor.forms import normalise_newlines
from posts.models import Comment, Draft, Revision, Verdict
from posts.textkit.anchoring import CONTEXT, normalize
from series.forms import CrispyMixin

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _written(text: str) -> str:
    """A comment or reply: something has to be said."""
    body = text.strip()
    if not body:
        raise forms.ValidationError("Write something.")
    return body


class GuestNameMixin(CrispyMixin):
    """Adds a required "Your name" field when the author is a guest.

    Also the crispy helper: the template owns <form> and its attributes.
    """

    # Provided by the form class this is mixed into.
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args, guest: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if guest:
            self.fields["guest_name"] = forms.CharField(
                max_length=80, label="Your name"
            )

    def clean_guest_name(self) -> str:
        name = normalize(self.cleaned_data["guest_name"])
        if not name:
            raise forms.ValidationError("Type the name to show with your comment.")
        return name


class CommentForm(GuestNameMixin, forms.Form):
    body = forms.CharField(
        max_length=5000, label="Comment", widget=forms.Textarea(attrs={"rows": 3})
    )
    quote = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    # The quote's context, posted as "prefix". The form metaclass moves declared
    # fields into base_fields, so this never shadows BaseForm.prefix at run
    # time; the stubs see a class attribute of another type.
    # Kept exactly, spaces at the edges included: the context is compared
    # character by character with the text around each occurrence of the quote.
    prefix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)  # type: ignore[assignment]
    suffix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    position = forms.IntegerField(
        min_value=0, max_value=10_000_000, required=False, widget=forms.HiddenInput
    )
    revision = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def clean_body(self) -> str:
        return _written(self.cleaned_data["body"])

    def clean_quote(self) -> str:
        return normalize(self.cleaned_data["quote"])

    def clean_prefix(self) -> str:
        return self.cleaned_data["prefix"][-CONTEXT:]

    def clean_suffix(self) -> str:
        return self.cleaned_data["suffix"][:CONTEXT]


class ReplyForm(GuestNameMixin, forms.Form):
    body = forms.CharField(
        max_length=5000, label="Comment", widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_body(self) -> str:
        return _written(self.cleaned_data["body"])

    @classmethod
    def under(cls, comment: Comment, *, guest: bool, guest_name: str = "") -> ReplyForm:
        """The small reply box at the foot of a thread: no labels shown, a
        name each field is read by, and ids made unique by the thread."""
        form = cls(
            guest=guest,
            auto_id=f"reply-{comment.pk}-%s",
            initial={"guest_name": guest_name},
        )
        boxes = {"body": "Reply", "guest_name": "Your name"}
        for name, field in form.fields.items():
            field.widget.attrs.update(
                {"class": "form-control-sm", "aria-label": boxes[name]}
            )
        if guest:
            form.fields["guest_name"].widget.attrs["placeholder"] = "Your name"
            form.order_fields(["guest_name", "body"])
        form.helper.form_show_labels = False
        return form


class SuggestionForm(GuestNameMixin, forms.Form):
    body = forms.CharField(
        max_length=200_000,
        strip=False,
        label="Your version of the text",
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
    )
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")
    base = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, head: Revision, **kwargs):
        self.head = head
        super().__init__(*args, **kwargs)

    def clean_body(self) -> str:
        return normalise_newlines(self.cleaned_data["body"])

    def clean_base(self) -> Revision:
        """The revision the text was edited from: the diff the author sees starts there."""
        number = self.cleaned_data["base"]
        base = Revision.objects.filter(draft_id=self.head.draft_id, number=number)
        found = base.first()
        if found is None:
            raise forms.ValidationError(
                f"This draft has no revision {number}, so your text cannot be "
                "compared with the one you started from. Your text is kept below: "
                "send it again to suggest it against the current text "
                f"(revision {self.head.number}).",
                code="missing",
            )
        return found


class DecideForm(forms.Form):
    """Which change rows to accept; "reject" turns the whole suggestion down."""

    take = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    action = forms.ChoiceField(choices=[("apply", "apply"), ("reject", "reject")])

    def __init__(self, *args, indexes: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        take = self.fields["take"]
        assert isinstance(take, forms.TypedMultipleChoiceField)
        take.choices = [(i, i) for i in indexes]


class ReviewRequestForm(CrispyMixin, forms.Form):
    reviewer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=None,
        label="Ask for review",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        max_length=300,
        required=False,
        label="Note (optional)",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        reviewer = self.fields["reviewer"]
        assert isinstance(reviewer, forms.ModelChoiceField)
        reviewer.queryset = members
        self.helper.layout = Layout(
            Div("reviewer", css_class="col-sm-5"), Div("note", css_class="col-sm-5")
        )


class VerdictForm(CrispyMixin, forms.Form):
    """A verdict is given on the text the reviewer read, which must still be the head.

    Drawn with its note only: the kind is the button pressed, the revision a
    hidden input in the page (the head now, even after a stale POST), and the
    page lists the errors above the note.
    """

    kind = forms.ChoiceField(
        choices=Verdict.Kind.choices,
        error_messages={
            "required": "Choose approve or request changes.",
            "invalid_choice": "Choose approve or request changes.",
        },
    )
    note = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(
        min_value=1,
        error_messages={"required": "Say which revision you read."},
    )

    def __init__(self, *args, head: Revision, **kwargs):
        self.head = head
        super().__init__(*args, auto_id="verdict-%s", **kwargs)
        self.fields["note"].label = f"Note for revision {head.number} (optional)"
        self.helper.form_show_errors = False
        self.helper.label_class = "small"
        self.helper.layout = Layout("note")

    def clean_revision(self) -> Revision:
        number = self.cleaned_data["revision"]
        head = self.head
        if number == head.number:
            return head
        revisions = Revision.objects.filter(draft_id=head.draft_id)
        if not revisions.filter(number=number).exists():
            raise forms.ValidationError(
                f"This draft has no revision {number}; the current text is "
                f"revision {head.number}. Your verdict was not saved.",
                code="missing",
            )
        raise forms.ValidationError(
            f"You read revision {number}, but the draft is now at revision "
            f"{head.number}: someone saved meanwhile. Your verdict was not saved; "
            "read the current text and give it again (your note is kept).",
            code="stale",
        )


class _DraftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Draft) -> str:
        return f"{obj.part} · {obj}"


class ShareLinkForm(CrispyMixin, forms.Form):
    draft = _DraftChoiceField(
        queryset=None, required=False, empty_label="The whole series"
    )
    label = forms.CharField(max_length=100, required=False)
    days = forms.IntegerField(min_value=1, max_value=90, initial=14)

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        draft = self.fields["draft"]
        assert isinstance(draft, forms.ModelChoiceField)
        draft.queryset = drafts
