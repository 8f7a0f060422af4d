"""pgmq, pg_jsonschema, pg_hashids and pgsodium stand-ins: real behaviour where feasible."""

from __future__ import annotations

import json

import psycopg
import pytest

from workbench.db import connect


@pytest.fixture
def conn(empty_db_dsn: str):
    with connect(empty_db_dsn, autocommit=True) as c:
        c.execute("CREATE SCHEMA extensions")
        c.execute("SET search_path = public, extensions")
        yield c


def test_pgmq_queue_lifecycle(conn):
    conn.execute("CREATE EXTENSION pgmq")
    conn.execute("SELECT pgmq.create('jobs')")
    conn.execute("SELECT pgmq.create_unlogged('fast')")
    ids = [r[0] for r in conn.execute("""SELECT * FROM pgmq.send('jobs', '{"n": 1}')""")]
    ids += [
        r[0]
        for r in conn.execute(
            """SELECT * FROM pgmq.send_batch('jobs', ARRAY['{"n": 2}', '{"n": 3}']::jsonb[])"""
        )
    ]
    conn.execute("""SELECT pgmq.send('jobs', '{"n": 4}', 3600)""")  # delayed: invisible
    assert ids == [1, 2, 3]
    read = conn.execute("SELECT msg_id, read_ct, message FROM pgmq.read('jobs', 30, 2)").fetchall()
    assert read == [(1, 1, {"n": 1}), (2, 1, {"n": 2})]
    # read messages are invisible for 30 s; the delayed one too
    assert [r[0] for r in conn.execute("SELECT msg_id FROM pgmq.read('jobs', 30, 10)")] == [3]
    assert conn.execute("SELECT count(*) FROM pgmq.pop('jobs')").fetchone()[0] == 0
    conn.execute("SELECT pgmq.set_vt('jobs', 3, 0)")
    assert conn.execute("SELECT msg_id, message FROM pgmq.pop('jobs')").fetchall() == [
        (3, {"n": 3})
    ]
    assert conn.execute(
        "SELECT pgmq.archive('jobs', 1::bigint), pgmq.delete('jobs', 2::bigint),"
        " pgmq.delete('jobs', 99::bigint)"
    ).fetchone() == (True, True, False)
    assert conn.execute("SELECT msg_id, message FROM pgmq.a_jobs").fetchall() == [(1, {"n": 1})]
    metrics = conn.execute(
        "SELECT queue_name, queue_length, total_messages FROM pgmq.metrics('jobs')"
    ).fetchone()
    assert metrics == ("jobs", 1, 4)
    queues = conn.execute("SELECT queue_name, is_unlogged FROM pgmq.list_queues()").fetchall()
    assert sorted(queues) == [("fast", True), ("jobs", False)]
    assert (
        conn.execute(
            "SELECT relpersistence FROM pg_class WHERE oid = 'pgmq.q_fast'::regclass"
        ).fetchone()[0]
        == "u"
    )
    assert conn.execute("SELECT pgmq.purge_queue('jobs')").fetchone()[0] == 1
    assert conn.execute("SELECT pgmq.drop_queue('fast')").fetchone()[0] is True
    assert conn.execute("SELECT to_regclass('pgmq.q_fast')").fetchone()[0] is None
    with pytest.raises(psycopg.Error, match="invalid characters"):
        conn.execute("SELECT pgmq.create('bad;name')")


SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "email": {"type": "string", "pattern": "^[^@]+@[^@]+$", "maxLength": 40},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "maxItems": 3},
        "role": {"enum": ["admin", "member"]},
        "address": {"$ref": "#/$defs/address"},
    },
    "required": ["id", "email"],
    "additionalProperties": False,
    "$defs": {
        "address": {
            "type": "object",
            "properties": {"zip": {"type": "string", "minLength": 5, "maxLength": 5}},
            "required": ["zip"],
        }
    },
}

CASES = [
    ({"id": 1, "email": "a@b.c"}, True),
    (
        {
            "id": 1,
            "email": "a@b.c",
            "tags": ["x", "y"],
            "role": "admin",
            "address": {"zip": "12345"},
        },
        True,
    ),
    ({"email": "a@b.c"}, False),  # required
    ({"id": 0, "email": "a@b.c"}, False),  # minimum
    ({"id": 1.5, "email": "a@b.c"}, False),  # integer
    ({"id": 2.0, "email": "a@b.c"}, True),  # 2.0 is an integer
    ({"id": 1, "email": "nope"}, False),  # pattern
    ({"id": 1, "email": "a@b.c", "tags": ["x", "x"]}, False),  # uniqueItems
    ({"id": 1, "email": "a@b.c", "tags": ["a", "b", "c", "d"]}, False),  # maxItems
    ({"id": 1, "email": "a@b.c", "tags": [1]}, False),  # items
    ({"id": 1, "email": "a@b.c", "role": "owner"}, False),  # enum
    ({"id": 1, "email": "a@b.c", "extra": True}, False),  # additionalProperties
    ({"id": 1, "email": "a@b.c", "address": {"zip": "123"}}, False),  # $ref + minLength
    ([], False),  # type
]


@pytest.mark.parametrize(("instance", "valid"), CASES)
def test_jsonschema_cases(conn, instance, valid):
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_jsonschema WITH SCHEMA extensions")
    got = conn.execute(
        "SELECT jsonb_matches_schema(%s::json, %s::jsonb), json_matches_schema(%s::json, %s::json)",
        (json.dumps(SCHEMA), json.dumps(instance), json.dumps(SCHEMA), json.dumps(instance)),
    ).fetchone()
    assert got == (valid, valid)


def test_jsonschema_combinators_errors_and_check_constraints(conn):
    conn.execute("CREATE EXTENSION pg_jsonschema WITH SCHEMA extensions")
    one = conn.execute(
        """SELECT jsonb_matches_schema('{"oneOf": [{"type": "string"}, {"maxLength": 2}]}', '"abc"'),
                  jsonb_matches_schema('{"anyOf": [{"type": "string"}, {"type": "null"}]}', 'null'),
                  jsonb_matches_schema('{"not": {"type": "null"}}', 'null'),
                  jsonb_matches_schema('{"if": {"properties": {"a": {"const": 1}}},
                     "then": {"required": ["b"]}}', '{"a": 1}'),
                  jsonb_matches_schema('false', '1'), jsonb_matches_schema('true', '1'),
                  jsonschema_is_valid('{"type": "string"}'), jsonschema_is_valid('{"type": "text"}'),
                  jsonschema_is_valid('{"required": "a"}')"""
    ).fetchone()
    assert one == (True, True, False, False, False, True, True, False, False)
    errors = conn.execute(
        """SELECT jsonschema_validation_errors('{"properties": {"a": {"type": "string"}},
           "required": ["b"]}', '{"a": 1}')"""
    ).fetchone()[0]
    assert len(errors) == 2 and any('"b"' in e for e in errors)
    conn.execute(
        """CREATE TABLE profiles (data jsonb CHECK (extensions.jsonb_matches_schema(
           '{"type": "object", "required": ["name"]}', data)))"""
    )
    conn.execute("""INSERT INTO profiles VALUES ('{"name": "x"}')""")
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO profiles VALUES ('{}')")


def test_hashids_known_values(conn):
    conn.execute("CREATE EXTENSION pg_hashids WITH SCHEMA extensions")
    row = conn.execute(
        "SELECT id_encode(12345, 'this is my salt'), id_encode(ARRAY[1, 2, 3]::bigint[], 'this is my salt'),"
        " id_encode(1, 'this is my salt', 8), id_encode(ARRAY[683, 94108, 123, 5]::bigint[], 'this is my salt'),"
        " id_decode('aBMswoO2UB3Sj', 'this is my salt'), id_decode_once('gB0NV05e', 'this is my salt', 8),"
        " id_decode('NkK9', 'another salt')"
    ).fetchone()
    assert row == ("NkK9", "laHquq", "gB0NV05e", "aBMswoO2UB3Sj", [683, 94108, 123, 5], 1, [])
    roundtrip = conn.execute(
        "SELECT bool_and(id_decode_once(id_encode(n, 's', 6, 'abcdefghijklmnopqrstuvwxyz'), 's', 6,"
        " 'abcdefghijklmnopqrstuvwxyz') = n) FROM generate_series(0, 300) AS n"
    ).fetchone()[0]
    assert roundtrip is True
    with pytest.raises(psycopg.Error, match="16 unique characters"):
        conn.execute("SELECT id_encode(1, '', 0, 'abc')")


def test_pgsodium_keys_and_round_trips(conn):
    conn.execute("CREATE EXTENSION pgsodium")
    key_id = conn.execute("SELECT (pgsodium.create_key(name := 'app')).id").fetchone()[0]
    row = conn.execute(
        "SELECT convert_from(pgsodium.crypto_aead_det_decrypt("
        "  pgsodium.crypto_aead_det_encrypt('secret', 'ad', %s::uuid), 'ad', %s::uuid), 'utf8'),"
        " encode(pgsodium.crypto_auth_hmacsha256('Hi There', decode(repeat('0b', 20), 'hex')), 'hex'),"
        " pgsodium.crypto_pwhash_str_verify(pgsodium.crypto_pwhash_str('pw'), 'pw'),"
        " pgsodium.crypto_pwhash_str_verify(pgsodium.crypto_pwhash_str('pw'), 'nope'),"
        " length(pgsodium.randombytes_buf(40)), pgsodium.randombytes_buf(16) <> pgsodium.randombytes_buf(16),"
        " convert_from(pgsodium.crypto_secretbox_open(pgsodium.crypto_secretbox('m', 'n', 1::bigint),"
        "  'n', 1::bigint), 'utf8')",
        (key_id, key_id),
    ).fetchone()
    assert row == (
        "secret",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        True,
        False,
        40,
        True,
        "m",
    )
    assert conn.execute("SELECT name FROM pgsodium.valid_key").fetchall() == [("app",)]
    with pytest.raises(psycopg.Error, match="invalid ciphertext"):
        conn.execute(
            "SELECT pgsodium.crypto_aead_det_decrypt(pgsodium.crypto_aead_det_encrypt('x', 'ad', 1::bigint),"
            " 'ad', 2::bigint)"
        )
