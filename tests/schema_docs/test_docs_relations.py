"""`workbench docs` on real schemas: every foreign key a relationship with the right cardinality."""

from __future__ import annotations

from pathlib import Path

from workbench.db import connect

from .helpers import all_diagrams, links, pages

FK_COUNT_SQL = """
SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
WHERE c.contype = 'f' AND n.nspname = ANY(%s)
"""


def fk_count(dsn: str, schemas: list[str]) -> int:
    with connect(dsn) as conn:
        return conn.execute(FK_COUNT_SQL, (schemas,)).fetchone()[0]


def test_every_foreign_key_is_one_relationship(cli, relations_dsn, tmp_path: Path) -> None:
    result = cli("docs", "--dsn", relations_dsn, "-o", tmp_path / "docs")
    assert result.code == 0, result.err
    diagrams = all_diagrams(tmp_path / "docs")
    (whole,) = diagrams["README.md"]
    assert len(whole.relationships) == fk_count(relations_dsn, ["public", "sales"]) == 8
    names = {
        "public.customers", "public.profiles", "public.passports", "public.employees",
        "sales.orders", "sales.order_lines", "sales.shipments",
    }  # fmt: skip
    assert set(whole.entities) == names
    # Each table page draws the table and its neighbours, with the relationships touching it.
    for rel, parsed in diagrams.items():
        if rel != "README.md":
            (neighbourhood,) = parsed
            assert neighbourhood.relationships, rel


def test_cardinality_rules(cli, relations_dsn, tmp_path: Path) -> None:
    assert cli("docs", "--dsn", relations_dsn, "-o", tmp_path).code == 0
    (whole,) = all_diagrams(tmp_path)["README.md"]
    spec = {(a, b, role): s for a, s, b, role in whole.relationships}
    # PK column referencing: one-to-one, mandatory, identifying.
    assert spec["public.customers", "public.profiles", "customer_id"] == "||--o|"
    # UNIQUE nullable column: one-to-one, optional, not identifying.
    assert spec["public.customers", "public.passports", "customer_id"] == "|o..o|"
    # self reference, nullable: many-to-one, optional.
    assert spec["public.employees", "public.employees", "manager_id"] == "|o..o{"
    # across schemas, NOT NULL: many-to-one, mandatory.
    assert spec["public.customers", "sales.orders", "customer_id"] == "||..o{"
    # two foreign keys between the same tables: two relationships.
    assert spec["public.employees", "sales.orders", "sold_by"] == "|o..o{"
    assert spec["public.employees", "sales.orders", "approved_by"] == "|o..o{"
    # part of a composite PK: identifying but not unique on its own.
    assert spec["sales.orders", "sales.order_lines", "order_id"] == "||--o{"
    # composite foreign key: one relationship naming both columns.
    assert spec["sales.order_lines", "sales.shipments", "order_id, line"] == "||..o{"
    page = (tmp_path / "public.profiles.md").read_text("utf-8")
    assert "| one-to-one |" in page
    page = (tmp_path / "public.passports.md").read_text("utf-8")
    assert "one-to-one, optional" in page
    orders = (tmp_path / "sales.orders.md").read_text("utf-8")
    assert "many-to-one, optional" in orders and "| many-to-one |" in orders
    # incoming foreign keys are listed on the referenced table's page
    customers = (tmp_path / "public.customers.md").read_text("utf-8")
    referenced = customers.split("### Referenced by", 1)[1].split("##", 1)[0]
    for child in ("public.profiles", "public.passports", "sales.orders"):
        assert f"[`{child}`]({child}.md)" in referenced


def test_links_resolve_and_pages_cover_every_table(cli, relations_dsn, tmp_path: Path) -> None:
    assert cli("docs", "--dsn", relations_dsn, "-o", tmp_path).code == 0
    files = pages(tmp_path)
    assert len([f for f in files if f != "README.md"]) == 7
    for rel, data in files.items():
        for target in links(data.decode("utf-8")):
            assert (tmp_path / rel).parent.joinpath(target).resolve().is_file(), (rel, target)


def test_schema_option_limits_the_tables(cli, relations_dsn, tmp_path: Path) -> None:
    assert cli("docs", "--dsn", relations_dsn, "-o", tmp_path, "--schema", "sales").code == 0
    files = pages(tmp_path)
    assert sorted(files) == [
        "README.md", "sales.order_lines.md", "sales.orders.md", "sales.shipments.md"
    ]  # fmt: skip
    (whole,) = all_diagrams(tmp_path)["README.md"]
    # every FK touching a documented table, the referenced public tables drawn too
    assert len(whole.relationships) == 5
    assert "public.customers" in whole.entities
    readme = files["README.md"].decode("utf-8")
    assert "## Tables outside these schemas" in readme
