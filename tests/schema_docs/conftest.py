"""Schemas for the docs tests: every kind of foreign key, and names Mermaid cannot take as they are."""

from __future__ import annotations

import pytest

# FKs: plain, nullable, one-to-one (unique), identifying (in the PK), composite,
# self-referencing, across schemas, two between the same pair of tables.
RELATIONS_SQL = """
CREATE SCHEMA sales;
CREATE TABLE public.customers (id int PRIMARY KEY, email text UNIQUE);
CREATE TABLE public.profiles (
    customer_id int PRIMARY KEY REFERENCES public.customers(id),
    bio text
);
CREATE TABLE public.passports (
    id int PRIMARY KEY,
    customer_id int UNIQUE REFERENCES public.customers(id)
);
CREATE TABLE public.employees (
    id int PRIMARY KEY,
    manager_id int REFERENCES public.employees(id)
);
CREATE TABLE sales.orders (
    id int PRIMARY KEY,
    customer_id int NOT NULL REFERENCES public.customers(id),
    sold_by int REFERENCES public.employees(id),
    approved_by int REFERENCES public.employees(id)
);
CREATE TABLE sales.order_lines (
    order_id int NOT NULL REFERENCES sales.orders(id),
    line int NOT NULL,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE sales.shipments (
    id int PRIMARY KEY,
    order_id int NOT NULL,
    line int NOT NULL,
    FOREIGN KEY (order_id, line) REFERENCES sales.order_lines(order_id, line)
);
"""

# (schema, table, column) names that need quoting, escaping or aliasing in Mermaid.
LONG = "l" * 63
UNICODE_LONG = "é" * 31  # 62 bytes
HOSTILE_SQL = r"""
CREATE SCHEMA "we""ird schema";
CREATE TABLE "we""ird schema"."select" (
    "user" int PRIMARY KEY,
    "pk" text,
    "FK-1" text,
    "a b" text,
    "x~y~z" text,
    "50%" text
);
CREATE TABLE public."a[/]b" (
    id int PRIMARY KEY,
    "[red]c" text,
    "uk" int REFERENCES "we""ird schema"."select"("user")
);
CREATE TABLE public."@LONG@" (
    "@LONG@" int PRIMARY KEY,
    ab_id int REFERENCES public."a[/]b"(id)
);
CREATE TABLE public."@ULONG@" (
    "ünï" int PRIMARY KEY REFERENCES public."@LONG@"("@LONG@"),
    "日本" text
);
CREATE TABLE public."quote""d ""name"" " (
    id int PRIMARY KEY,
    parent int REFERENCES public."quote""d ""name"" "(id)
);
CREATE TABLE public."direction TB" (id int PRIMARY KEY, "#lt;" int REFERENCES public."a[/]b"(id));
CREATE TABLE public."back`tick|pipe" ("new
line" int PRIMARY KEY, "<b>x</b>" "we""ird schema"."select");
CREATE TABLE public."Users" (id int PRIMARY KEY);
CREATE TABLE public.users (id int PRIMARY KEY, "Users_id" int REFERENCES public."Users"(id));
CREATE TABLE public."end" ("one" int, "to" int, "many" int, "u" int);
COMMENT ON TABLE public."a[/]b" IS '[blink]not markup[/blink] | <script>x</script> *no* _emphasis_';
COMMENT ON COLUMN public."a[/]b"."[red]c" IS '# not a heading';
""".replace("@LONG@", LONG).replace("@ULONG@", UNICODE_LONG)


@pytest.fixture
def relations_dsn(conn, db_dsn):
    conn.execute(RELATIONS_SQL)
    return db_dsn


@pytest.fixture
def hostile_dsn(conn, db_dsn):
    conn.execute(HOSTILE_SQL)
    return db_dsn
