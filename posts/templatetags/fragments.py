"""`{% fragment name input… %}…{% endfragment %}`: a part of a page kept in the cache.

    {% load fragments %}
    {% fragment "part-drafts" rows_key access.can_edit %}
      …rendered only when no rendering of these inputs is kept…
    {% endfragment %}

See posts.fragments for the key, the placeholders that stand for the CSRF token
and the CSP nonce, and why the inputs must be plain values.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token

from posts import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(
        self, nodelist: NodeList, name: FilterExpression, inputs: list[FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.inputs = inputs

    def render(self, context: template.Context) -> str:
        name = str(self.name.resolve(context))
        inputs = tuple(value.resolve(context) for value in self.inputs)

        def render(placeholders: dict[str, str]) -> str:
            with context.push(**placeholders):
                return self.nodelist.render(context)

        return fragments.cached(
            fragments.fragment_key(name, inputs), render, context.get
        )


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% fragment %} needs a name and the inputs the fragment depends on"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name, *inputs = (parser.compile_filter(bit) for bit in bits[1:])
    return FragmentNode(nodelist, name, inputs)
