"""The committed `docs/schema/` is what `workbench docs` writes for the demo database (a CI gate)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import load_config
from workbench.demo import populate_demo

from .helpers import all_diagrams

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "schema"


@pytest.fixture(scope="module")
def demo_dsn(pg_server):
    """A database built like `workbench demo` builds `workbench_demo` (migrations, hand change, rows)."""
    if not (REPO / "migrations").is_dir():
        pytest.skip("the demo project is not in this checkout")
    name = pg_server.new_database(template=None, prefix="wb_docs_demo")
    dsn = pg_server.dsn(name)
    populate_demo(dsn, load_config(REPO))
    yield dsn
    pg_server.drop(name)


def test_committed_docs_match_the_demo(cli, demo_dsn) -> None:
    result = cli("docs", "--project", REPO, "--dsn", demo_dsn, "--check")
    assert result.code == 0, (
        f"docs/schema/ is out of date; regenerate it with `workbench docs --dsn $(workbench demo "
        f"--prepare-only)`:\n{result.out}"
    )


def test_demo_docs_render(cli, demo_dsn) -> None:
    diagrams = all_diagrams(DOCS)  # every diagram passes the Mermaid checker
    (whole,) = diagrams["README.md"]
    assert len(whole.relationships) == 29
    assert "auth.users" in whole.entities  # public.users references it: drawn, not documented
    rls_tables = [p for p in DOCS.glob("public.*.md") if "RLS **enabled**" in p.read_text("utf-8")]
    assert len(rls_tables) == 26
    for page in rls_tables:
        assert "### Access matrix" in page.read_text("utf-8")
    readme = (REPO / "README.md").read_text("utf-8")
    assert "docs/schema/README.md" in readme
