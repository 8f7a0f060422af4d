"""introspect(): what it reads from a real database, and how."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog, Grant
from workbench.supabase_env import MANAGED_SCHEMAS


@pytest.fixture
def catalog(mixed_catalog):
    return mixed_catalog


def test_tables_columns_and_storage(catalog):
    orgs = catalog.tables["app.organizations"]
    assert orgs.comment == "tenants"
    assert orgs.reloptions == ("fillfactor=70",)
    assert orgs.owner == "postgres"
    assert orgs.estimated_rows is None and orgs.size_bytes is None  # never analyzed
    cols = {c.name: c for c in orgs.columns}
    assert [c.name for c in orgs.columns] == [
        "id",
        "name",
        "slug",
        "mood",
        "score",
        "created_at",
        "payload",
    ]
    assert [c.position for c in orgs.columns] == [1, 2, 3, 4, 5, 6, 7]
    assert cols["id"].identity == "ALWAYS" and cols["id"].not_null
    assert cols["name"].collation == "app.nocase"
    assert cols["slug"].collation is None and cols["slug"].comment == "url name"
    assert cols["mood"].type == "app.mood" and cols["mood"].default == "'ok'::app.mood"
    assert cols["created_at"].type == "timestamp with time zone"
    assert cols["created_at"].default == "now()"
    assert cols["payload"].storage == "EXTERNAL" and cols["payload"].statistics == 500
    assert cols["score"].storage is None and cols["score"].statistics is None
    cache = catalog.tables["app.cache"]
    assert cache.persistence == "unlogged" and cache.replica_identity == "INDEX"
    assert [i.name for i in cache.indexes if i.replica_identity] == ["cache_pkey"]


def test_statistics_estimates_after_analyze(mixed_conn):
    mixed_conn.execute(
        "INSERT INTO app.organizations (name, slug) SELECT 'n', 's' || g FROM generate_series(1, 500) g"
    )
    mixed_conn.execute("ANALYZE app.organizations")
    orgs = introspect(mixed_conn).tables["app.organizations"]
    assert orgs.estimated_rows == 500
    # table + indexes, from relpages
    assert orgs.size_bytes is not None and orgs.size_bytes >= 3 * 8192
    assert introspect(mixed_conn).tables["app.events"].size_bytes is None  # no storage


def test_generated_columns_stored_and_virtual(catalog):
    members = catalog.tables["app.members"]
    full, upper = members.column("full_name"), members.column("upper_role")
    assert full.generated_kind == "STORED" and "user_id" in full.generated
    assert full.default is None
    assert upper.generated_kind == "VIRTUAL" and upper.generated == "upper(role)"
    assert members.column("seq").default == "nextval('app.members_seq_seq'::regclass)"


def test_constraints(mixed_conn):
    mixed_conn.execute(
        "ALTER TABLE app.cache ADD CONSTRAINT k_short CHECK (length(k) < 50) NOT VALID;"
        "ALTER TABLE app.cache ADD CONSTRAINT v_nn NOT NULL v NOT VALID"
    )
    catalog = introspect(mixed_conn)
    members = catalog.tables["app.members"]
    by_name = {c.name: c for c in members.constraints}
    assert [c.name for c in members.constraints] == sorted(by_name)
    fk = by_name["members_org_fk"]
    assert fk.kind == "FOREIGN KEY"
    assert fk.columns == ("org_id",) and fk.ref_columns == ("id",)
    assert fk.references == "app.organizations"
    assert (fk.on_update, fk.on_delete) == ("RESTRICT", "SET NULL")
    assert fk.deferrable and fk.deferred
    assert by_name["members_user_id_fkey"].references == "auth.users"
    assert by_name["members_user_id_fkey"].on_delete == "CASCADE"
    pk = members.primary_key
    assert pk.name == "members_pkey" and pk.columns == ("org_id", "user_id")
    assert pk.index == "members_pkey"
    check = by_name["role_known"]
    assert check.kind == "CHECK" and not check.enforced
    assert "NOT ENFORCED" in check.definition
    cache = {c.name: c for c in catalog.tables["app.cache"].constraints}
    assert not cache["k_short"].validated and "NOT VALID" in cache["k_short"].definition
    # PG18 NOT NULL constraints appear only when NOT VALID; not_null is set either way.
    assert cache["v_nn"].kind == "NOT NULL" and not cache["v_nn"].validated
    assert all(
        c.kind != "NOT NULL"
        for t in catalog.tables.values()
        for c in t.constraints
        if c.name != "v_nn"
    )
    assert catalog.tables["app.cache"].column("k").not_null
    excl = catalog.tables["app.events"].constraints[0]
    assert excl.kind == "EXCLUDE" and excl.columns == ("during", "at")


def test_indexes(catalog):
    members = {i.name: i for i in catalog.tables["app.members"].indexes}
    idx = members["members_role_idx"]
    assert idx.definition == (
        "CREATE INDEX members_role_idx ON app.members USING btree (lower(role), org_id)"
        " INCLUDE (seq) WHERE (role <> 'member'::text)"
    )
    assert idx.columns == ("lower(role)", "org_id") and idx.include == ("seq",)
    assert idx.predicate == "(role <> 'member'::text)"
    assert idx.comment == "admins" and idx.method == "btree"
    assert not idx.unique and idx.constraint is None
    assert members["members_name_trgm"].method == "gin"
    pk = members["members_pkey"]
    assert pk.primary and pk.unique and pk.constraint == "members_pkey"
    view = catalog.views["app.org_sizes"]
    assert [i.name for i in view.indexes] == ["org_sizes_id"]
    part = catalog.tables["app.events_2025"]
    assert all(i.inherited for i in part.indexes)
    assert all(not i.inherited for i in catalog.tables["app.events"].indexes)


def test_partitions_and_inheritance(catalog):
    events = catalog.tables["app.events"]
    assert events.kind == "partitioned" and events.partition_by == "RANGE (at)"
    part = catalog.tables["app.events_2025"]
    assert part.partition_of == "app.events"
    assert part.partition_bound == "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"
    assert part.inherits == ()
    assert all(c.inherited for c in part.columns)
    child = catalog.tables["app.child"]
    assert child.inherits == ("app.base",) and child.partition_of is None
    assert [(c.name, c.inherited) for c in child.columns] == [
        ("id", True),
        ("note", True),
        ("extra", False),
    ]
    assert [r.name for r in child.rules] == ["child_noop"]
    assert "DO INSTEAD NOTHING" in child.rules[0].definition


def test_rls_policies_triggers(catalog):
    members = catalog.tables["app.members"]
    assert members.rls_enabled and members.rls_forced
    assert members.replica_identity == "FULL"
    policies = {p.name: p for p in members.policies}
    assert [p.name for p in members.policies] == ["members_all", "members_insert", "members_self"]
    own = policies["members_self"]
    assert own.command == "SELECT" and own.permissive
    assert own.roles == ("anon", "authenticated")
    assert own.using == "(user_id = ( SELECT auth.uid() AS uid))" and own.with_check is None
    assert own.comment == "own rows"
    ins = policies["members_insert"]
    assert ins.command == "INSERT" and not ins.permissive and ins.roles == ("public",)
    assert ins.using is None and ins.with_check == "(role = 'member'::text)"
    assert policies["members_all"].command == "ALL"
    triggers = {t.name: t for t in catalog.tables["app.organizations"].triggers}
    assert triggers["organizations_off"].enabled == "DISABLED"
    touch = triggers["organizations_touch"]
    assert touch.enabled == "ORIGIN" and touch.function == "app.touch"
    assert touch.definition.startswith("CREATE TRIGGER organizations_touch BEFORE UPDATE")
    stats = members.statistics
    assert [s.name for s in stats] == ["members_stats"] and "dependencies" in stats[0].definition


def test_grants(catalog):
    members = catalog.tables["app.members"]
    auth = {(g.grantee, g.privilege) for g in members.grants}
    assert ("authenticated", "SELECT") in auth and ("authenticated", "INSERT") in auth
    assert not any(g.grantee == "anon" for g in members.grants)
    role = members.column("role")
    assert Grant("anon", "SELECT", False, "postgres") in role.grants
    assert members.column("user_id").grants == ()
    assert catalog.tables["app.base"].grants == ()  # NULL ACL: only the owner
    app = catalog.schemas["app"]
    assert app.comment == "application schema"
    assert Grant("authenticated", "USAGE", False, "postgres") in app.grants
    # NULL ACL -> (): PUBLIC may execute; an explicit ACL is listed as is.
    assert catalog.functions["app.touch()"].grants == ()
    count = catalog.functions["app.org_count()"]
    assert {g.grantee for g in count.grants} == {"authenticated", "postgres"}
    assert (
        Grant("authenticated", "USAGE", False, "postgres")
        in catalog.sequences["app.ticket_seq"].grants
    )
    view = catalog.views["app.member_roles"]
    assert Grant("anon", "SELECT", False, "postgres") in view.grants


def test_views(catalog):
    view = catalog.views["app.member_roles"]
    assert view.security_invoker and view.options == ("security_invoker=true",)
    assert "FROM app.members" in view.definition and not view.materialized
    assert view.comment == "who does what"
    assert [c.name for c in view.columns] == ["org_id", "role"]
    matview = catalog.views["app.org_sizes"]
    assert matview.materialized and not matview.security_invoker


def test_functions(catalog):
    fns = catalog.functions
    add = fns["app.add(a integer, b integer)"]
    assert add.arguments == "a integer, b integer DEFAULT 1"
    assert (add.volatility, add.strict, add.leakproof, add.parallel) == (
        "IMMUTABLE",
        True,
        True,
        "SAFE",
    )
    assert add.body == "RETURN (a + b)" and add.definition.startswith("CREATE OR REPLACE")
    count = fns["app.org_count()"]
    assert count.security_definer and count.volatility == "STABLE"
    assert count.body.startswith("BEGIN ATOMIC")
    touch = fns["app.touch()"]
    assert touch.config == ('search_path=""',) and touch.language == "plpgsql"
    assert touch.returns == "trigger" and touch.comment == "sets created_at"
    proc = fns["app.cleanup(IN days integer)"]
    assert proc.kind == "procedure" and proc.returns is None
    agg = fns["app.total(integer)"]
    assert agg.kind == "aggregate" and agg.definition is None
    assert agg.body == "SFUNC = int4pl, STYPE = integer, INITCOND = '0'"
    # range constructors are internal to the range type
    assert not any(k.startswith("app.floatrange(") for k in fns)
    assert "auth.uid()" in fns  # the Supabase shim's functions are ordinary objects


def test_types(catalog):
    mood = catalog.enums["app.mood"]
    assert mood.values == ("sad", "meh", "ok", "happy") and mood.comment == "how it feels"
    positive = catalog.domains["app.positive"]
    assert positive.base_type == "integer" and positive.not_null and positive.default == "1"
    assert [(c.name, c.definition) for c in positive.checks] == [
        ("positive_check", "CHECK ((VALUE > 0))"),
        ("small", "CHECK ((VALUE < 1000000))"),
    ]
    email = catalog.domains["app.email"]
    assert email.base_type == "public.citext" and email.collation == '"C"'
    pair = catalog.composite_types["app.pair"]
    assert [(a.name, a.type, a.collation) for a in pair.attributes] == [
        ("left_value", "integer", None),
        ("right_value", "text", '"C"'),
    ]
    assert pair.comment == "a composite"
    rng = catalog.range_types["app.floatrange"]
    assert rng.subtype == "double precision" and rng.subtype_diff == "float8mi"
    assert rng.multirange == "app.floatmultirange"
    coll = catalog.collations["app.nocase"]
    assert coll.provider == "c" and coll.lc_collate == "C"
    # table row types and standalone composites are told apart
    assert "app.organizations" not in catalog.composite_types


def test_sequences(catalog):
    seq = catalog.sequences["app.ticket_seq"]
    assert (seq.data_type, seq.start, seq.increment, seq.min_value, seq.max_value) == (
        "integer",
        100,
        2,
        50,
        100000,
    )
    assert seq.cache == 10 and seq.cycle and seq.owned_by == "app.tickets.id"
    assert not seq.identity
    ident = catalog.sequences["app.organizations_id_seq"]
    assert ident.identity and ident.owned_by == "app.organizations.id"
    assert (ident.start, ident.increment) == (10, 5)
    assert catalog.sequences["app.members_seq_seq"].owned_by == "app.members.seq"


def test_database_wide_objects(catalog):
    assert set(catalog.extensions) >= {"pg_trgm", "citext", "btree_gist", "plpgsql"}
    assert catalog.extensions["pg_trgm"].schema == "public"
    evt = catalog.event_triggers["app_ddl"]
    assert evt.event == "ddl_command_end" and evt.function == "app.on_ddl"
    assert evt.tags == ("CREATE TABLE", "ALTER TABLE")
    pub = catalog.publications["app_pub"]
    assert pub.tables == ("app.organizations (id, slug) WHERE ((id > 0))", "app.tickets")
    assert pub.operations == ("insert", "update") and not pub.all_tables
    assert catalog.publications["app_schema_pub"].schemas == ("app",)
    dp = catalog.default_privileges["postgres:app:TABLES"]
    assert dp.grants == (Grant("anon", "SELECT", False, "postgres"),)
    assert "postgres:*:SEQUENCES" in catalog.default_privileges
    roles = catalog.roles
    assert roles["service_role"].bypassrls and not roles["anon"].login
    assert roles["postgres"].superuser
    assert catalog.server_version and catalog.server_version.startswith("18.")


def test_extension_members_and_system_schemas_left_out(catalog):
    # pg_trgm, citext and btree_gist install dozens of functions and types in public
    assert not any(f.schema == "public" for f in catalog.functions.values())
    assert "public.citext" not in catalog.domains
    assert not {"pg_catalog", "information_schema", "pg_toast"} & set(catalog.schemas)
    assert {"app", "auth", "extensions", "public", "storage"} <= set(catalog.schemas)
    # the others are the Supabase environment's
    assert set(catalog.schemas) - {"app", "public"} <= MANAGED_SCHEMAS


def test_schema_filter(shared_mixed_conn):
    mixed_conn = shared_mixed_conn
    only_app = introspect(mixed_conn, ["app"])
    assert set(only_app.schemas) == {"app"}
    assert all(t.schema == "app" for t in only_app.tables.values())
    assert not any(k.startswith("auth.") for k in only_app.functions)
    # the foreign key into a schema that was not read still names its target
    fk = next(
        c for c in only_app.tables["app.members"].constraints if c.name == "members_user_id_fkey"
    )
    assert fk.references == "auth.users" and fk.ref_columns == ("id",)
    assert introspect(mixed_conn, []).tables == {}
    assert introspect(mixed_conn, ["no_such_schema"]).schemas == {}


def _walk(value):
    if dataclasses.is_dataclass(value):
        yield value
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, tuple):
        for v in value:
            yield from _walk(v)


def test_every_object_is_complete_and_well_typed(catalog):
    """Objects built without __init__ have every field set (an unset slot raises on read),
    no instance dict (slotted: a quarter of the memory), tuples for tuples."""
    count = 0
    for obj in _walk(catalog):
        count += 1
        names = {f.name for f in dataclasses.fields(obj)}
        if not isinstance(obj, Catalog):
            assert not hasattr(obj, "__dict__"), type(obj).__name__
            assert set(type(obj).__slots__) == names, type(obj).__name__
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            assert not isinstance(value, list), (type(obj).__name__, f.name)
    assert count > 200


def test_dropped_columns_leave_no_gap_in_positions(conn) -> None:
    from workbench.catalog.introspect import introspect

    conn.execute("CREATE TABLE gappy (a int, b int, c int)")
    conn.execute("ALTER TABLE gappy DROP COLUMN b")
    conn.execute("CREATE TABLE fresh (a int, c int)")
    catalog = introspect(conn)
    gappy, fresh = catalog.tables["public.gappy"], catalog.tables["public.fresh"]
    assert [c.position for c in gappy.columns] == [1, 2]
    assert gappy.columns == fresh.columns
