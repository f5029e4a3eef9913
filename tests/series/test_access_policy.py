"""One policy answers every "can they?": no role is compared anywhere but in it.

Roles may be named where they are defined (series/models.py) and offered as
form choices; any other comparison with a role, or read of `.role` to decide
something, belongs in series/access.py, which views and templates ask instead.
"""

import ast
import re
from pathlib import Path

from series.access import Access
from series.models import Role

ROOT = Path(__file__).resolve().parents[2]
ROLES = {"owner", "editor", "reviewer", "guest"}
POLICY = {"series/access.py", "series/models.py"}
TEMPLATE_ROLE = re.compile(
    r"""\.role\b|==\s*["'](?:owner|editor|reviewer|guest)["']|["'](?:owner|editor|reviewer|guest)["']\s*[!=]="""
)


def role_decisions(source: str) -> list[int]:
    """Lines that compare something with a role string, a Role or WRITE_ROLES, or read `.role_for`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                if _names_a_role(side):
                    lines.append(node.lineno)
                    break
        elif isinstance(node, ast.Attribute) and node.attr == "role_for":
            lines.append(node.lineno)
    return lines


def _names_a_role(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ROLES
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return any(_names_a_role(e) for e in node.elts)
    if isinstance(node, ast.Attribute):
        value = node.value
        return node.attr == "role" or (
            isinstance(value, ast.Name) and value.id == "Role"
        )
    return isinstance(node, ast.Name) and node.id == "WRITE_ROLES"


def test_role_decisions_are_found():
    source = (
        'a = x.role == "owner"\n'
        'b = role in {"owner", "editor"}\n'
        "c = m.role in WRITE_ROLES\n"
        "d = s.role_for(u)\n"
        'e = name == "owen"\n'
    )
    assert role_decisions(source) == [1, 2, 3, 4]


def test_no_code_outside_the_policy_decides_by_role():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in ["config", "posts", "series"]
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in POLICY
        for line in role_decisions(path.read_text())
    ]
    assert not offenders, "ask series.access.Access instead:\n" + "\n".join(offenders)


def test_no_template_compares_roles():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if TEMPLATE_ROLE.search(line)
    ]
    assert not offenders, "use access.can_…:\n" + "\n".join(offenders)


def test_the_policy_answers_for_each_role():
    owner, editor, reviewer = (Access(r, user=None) for r in Role)
    guest = Access.guest(share_link=None, guest_name="Ada")
    assert [a.can_edit for a in (owner, editor, reviewer, guest)] == [
        True,
        True,
        False,
        False,
    ]
    assert [a.can_manage for a in (owner, editor, reviewer, guest)] == [
        True,
        False,
        False,
        False,
    ]
    assert all(a.can_view and a.can_comment for a in (owner, editor, reviewer, guest))
    assert guest.is_guest and not guest.can_give_verdict
    assert guest.name == "Ada (guest)"
