from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"


@pytest.fixture
def example_paths() -> list[Path]:
    """The real generator drafts beside this checkout (../shared/examples)."""
    if not EXAMPLES.is_dir():
        pytest.skip(
            "../shared/examples is not beside this checkout (CI has it; a fresh clone does not)"
        )
    paths = sorted(EXAMPLES.glob("*.md"))
    assert paths, f"{EXAMPLES} holds no .md file"
    return paths
