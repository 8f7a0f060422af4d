"""The workbench's bookkeeping schemas, left out of every comparison."""

from __future__ import annotations

import dataclasses

from workbench.catalog.model import Catalog

# Bookkeeping schemas, never part of a drift.
IGNORED_SCHEMAS = ("workbench", "supabase_migrations")


def without_schemas(catalog: Catalog, schemas: tuple[str, ...] = IGNORED_SCHEMAS) -> Catalog:
    """The catalog without the objects of `schemas`."""

    def keep(objects: dict) -> dict:
        return {k: v for k, v in objects.items() if getattr(v, "schema", None) not in schemas}

    return dataclasses.replace(
        catalog,
        schemas={k: v for k, v in catalog.schemas.items() if k not in schemas},
        tables=keep(catalog.tables),
        views=keep(catalog.views),
        functions=keep(catalog.functions),
        enums=keep(catalog.enums),
        domains=keep(catalog.domains),
        sequences=keep(catalog.sequences),
        composite_types=keep(catalog.composite_types),
        range_types=keep(catalog.range_types),
        collations=keep(catalog.collations),
        default_privileges=keep(catalog.default_privileges),
    )
