"""uuid-ossp, pgcrypto and pgjwt stand-ins: exact results against published test vectors."""

from __future__ import annotations

import psycopg
import pytest

from workbench.db import connect


@pytest.fixture
def crypto(empty_db_dsn: str):
    """A plain database with uuid-ossp, pgcrypto and pgjwt created from the stand-ins."""
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute('CREATE EXTENSION "uuid-ossp"')
        conn.execute("CREATE EXTENSION pgcrypto")
        conn.execute("CREATE EXTENSION pgjwt")
        yield conn


def one(conn: psycopg.Connection, query: str, *params):
    return conn.execute(query, params).fetchone()[0]


def test_they_are_stand_ins_with_the_real_versions(crypto):
    rows = crypto.execute(
        "SELECT extname, extversion, obj_description(oid, 'pg_extension') FROM pg_extension"
        " WHERE extname <> 'plpgsql' ORDER BY 1"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("pgcrypto", "1.3"),
        ("pgjwt", "0.2.0"),
        ("uuid-ossp", "1.1"),
    ]
    assert all(r[2].startswith("workbench stand-in") for r in rows)


def test_uuid_v3_and_v5_are_exact(crypto):
    assert str(one(crypto, "SELECT uuid_generate_v5(uuid_ns_dns(), 'python.org')")) == (
        "886313e1-3b8a-5372-9b90-0c9aee199e5d"
    )
    assert str(one(crypto, "SELECT uuid_generate_v3(uuid_ns_dns(), 'python.org')")) == (
        "6fa459ea-ee8a-3ca4-894e-db77e160355e"
    )
    assert str(one(crypto, "SELECT uuid_generate_v5(uuid_ns_url(), 'http://example.com/')")) == (
        "0a300ee9-f9e4-5697-a51a-efc7fafaba67"
    )
    assert str(one(crypto, "SELECT uuid_nil()")) == "00000000-0000-0000-0000-000000000000"
    assert str(one(crypto, "SELECT uuid_ns_x500()")) == "6ba7b814-9dad-11d1-80b4-00c04fd430c8"


def test_uuid_v1_v4_are_fresh_and_versioned(crypto):
    row = crypto.execute(
        "SELECT uuid_extract_version(uuid_generate_v1()), uuid_extract_version(uuid_generate_v1mc()),"
        " uuid_extract_version(uuid_generate_v4()), uuid_generate_v4() <> uuid_generate_v4(),"
        " abs(extract(epoch FROM uuid_extract_timestamp(uuid_generate_v1()) - now())) < 60"
    ).fetchone()
    assert row == (1, 1, 4, True, True)
    # usable as a column default, as migrations do
    crypto.execute("CREATE TABLE t (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), n int)")
    crypto.execute("INSERT INTO t (n) SELECT generate_series(1, 50)")
    assert one(crypto, "SELECT count(DISTINCT id) FROM t") == 50


SHA1 = [
    ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    ),
    ("a" * 1000, "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
]


@pytest.mark.parametrize(("data", "expected"), SHA1)
def test_sha1_vectors(crypto, data, expected):
    assert one(crypto, "SELECT encode(digest(%s, 'sha1'), 'hex')", data) == expected


def test_other_digests_match_the_core_functions(crypto):
    row = crypto.execute(
        "SELECT encode(digest('abc', 'md5'), 'hex'), encode(digest('abc'::bytea, 'SHA256'), 'hex'),"
        " digest('abc', 'sha224') = sha224('abc'), digest('abc', 'sha384') = sha384('abc'),"
        " digest('abc', 'sha512') = sha512('abc')"
    ).fetchone()
    assert row == (
        "900150983cd24fb0d6963f7d28e17f72",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        True,
        True,
        True,
    )
    with pytest.raises(psycopg.Error, match="No such hash algorithm"):
        crypto.execute("SELECT digest('abc', 'sha3')")


HMAC = [
    # RFC 2202 (HMAC-MD5, HMAC-SHA1)
    ("0b" * 16, "Hi There", "md5", "9294727a3638bb1c13f48ef8158bfc9d"),
    ("0b" * 20, "Hi There", "sha1", "b617318655057264e28bc0b6fb378c8ef146be00"),
    (
        "aa" * 80,
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "sha1",
        "aa4ae5e15272d00e95705637ce8a3b55ed402112",
    ),
    # RFC 4231 (HMAC-SHA-2)
    (
        "0b" * 20,
        "Hi There",
        "sha256",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    ),
    (
        "0b" * 20,
        "Hi There",
        "sha512",
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    ),
    (
        "aa" * 131,
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "sha256",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    ),
    (
        "aa" * 131,
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "sha384",
        "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
        "0c2ef6ab4030fe8296248df163f44952",
    ),
    ("0b" * 20, "Hi There", "sha224", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22"),
]


@pytest.mark.parametrize(("key", "data", "algo", "expected"), HMAC)
def test_hmac_vectors(crypto, key, data, algo, expected):
    got = one(
        crypto,
        "SELECT encode(hmac(%s::bytea, decode(%s, 'hex'), %s), 'hex')",
        data.encode(),
        key,
        algo,
    )
    assert got == expected


def test_hmac_text_form(crypto):
    assert one(
        crypto, "SELECT encode(hmac('what do ya want for nothing?', 'Jefe', 'sha256'), 'hex')"
    ) == ("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")


def test_gen_random_bytes_length_and_variability(crypto):
    rows = crypto.execute("SELECT gen_random_bytes(n) FROM generate_series(1, 40) AS n").fetchall()
    assert [len(r[0]) for r in rows] == list(range(1, 41))
    many = {
        bytes(r[0])
        for r in crypto.execute("SELECT gen_random_bytes(16) FROM generate_series(1, 100)")
    }
    assert len(many) == 100
    assert len(one(crypto, "SELECT gen_random_bytes(1024)")) == 1024
    with pytest.raises(psycopg.Error, match="Length not in range"):
        crypto.execute("SELECT gen_random_bytes(1025)")
    assert one(crypto, "SELECT uuid_extract_version(gen_random_uuid())") == 4


def test_crypt_round_trips(crypto):
    for algo, prefix, length in (
        ("bf", "$2a$06$", 60),
        ("md5", "$1$", 34),
        ("xdes", "_", 20),
        ("des", "", 13),
    ):
        row = crypto.execute(
            "WITH h AS (SELECT crypt('s3cret', gen_salt(%s)) AS hash)"
            " SELECT hash, crypt('s3cret', hash) = hash, crypt('wrong', hash) = hash FROM h",
            (algo,),
        ).fetchone()
        assert row[0].startswith(prefix) and len(row[0]) == length, (algo, row[0])
        assert row[1:] == (True, False)
    assert one(crypto, "SELECT gen_salt('bf', 10)").startswith("$2a$10$")
    with pytest.raises(psycopg.Error, match="Unknown salt algorithm"):
        crypto.execute("SELECT gen_salt('nope')")


@pytest.mark.parametrize(
    ("password", "salt", "expected"),
    [  # MD5-crypt vectors (as computed by glibc's crypt)
        ("password", "$1$saltsalt$", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"),
        ("", "$1$ab$", "$1$ab$rn6aQS/o7141mj179E/zA."),
        (
            "hunter2 long password with more than sixteen chars",
            "$1$Xy7$",
            "$1$Xy7$4bQFo7LzMGxPlu5lfba64.",
        ),
    ],
)
def test_md5_crypt_is_exact(crypto, password, salt, expected):
    assert one(crypto, "SELECT crypt(%s, %s)", password, salt) == expected
    assert one(crypto, "SELECT crypt(%s, %s)", password, expected) == expected


def test_pgp_sym_and_encrypt_round_trip(crypto):
    row = crypto.execute(
        "SELECT pgp_sym_decrypt(pgp_sym_encrypt('hello', 'k'), 'k'),"
        " pgp_sym_decrypt(pgp_sym_encrypt('hello', 'k', 'cipher-algo=aes256'), 'k', 'cipher-algo=aes256'),"
        " pgp_sym_encrypt('hello', 'k') <> pgp_sym_encrypt('hello', 'k'),"
        " convert_from(decrypt(encrypt('data', 'key', 'aes'), 'key', 'aes'), 'utf8'),"
        " convert_from(decrypt_iv(encrypt_iv('data', 'key', 'iv', 'aes'), 'key', 'iv', 'aes'), 'utf8')"
    ).fetchone()
    assert row == ("hello", "hello", True, "data", "data")
    with pytest.raises(psycopg.Error, match="Wrong key or corrupt data"):
        crypto.execute("SELECT pgp_sym_decrypt(pgp_sym_encrypt('hello', 'k'), 'other')")


def test_armor(crypto):
    text = one(crypto, "SELECT armor('abc'::bytea)")
    assert text == "-----BEGIN PGP MESSAGE-----\n\nYWJj\n=uhx7\n-----END PGP MESSAGE-----\n"
    assert bytes(one(crypto, "SELECT dearmor(armor('\\x00ff10'::bytea))")) == b"\x00\xff\x10"
    rows = crypto.execute(
        "SELECT * FROM pgp_armor_headers(armor('x', ARRAY['Version', 'Comment'], ARRAY['1', 'hi']))"
    ).fetchall()
    assert rows == [("Version", "1"), ("Comment", "hi")]


def test_relocating_pgcrypto_keeps_it_working(crypto):
    crypto.execute("CREATE SCHEMA extensions")
    crypto.execute("ALTER EXTENSION pgcrypto SET SCHEMA extensions")
    assert one(crypto, "SELECT encode(extensions.hmac('a', 'b', 'sha1'), 'hex')") == (
        "8abe0fd691e3da3035f7b7ac91be45d99e942b9e"
    )
    assert (
        one(crypto, "SELECT extensions.pgp_sym_decrypt(extensions.pgp_sym_encrypt('x', 'k'), 'k')")
        == "x"
    )
    assert one(crypto, "SELECT (verify(sign('{\"a\": 1}', 'k'), 'k')).valid")


JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWV9."
    "TJVA95OrM7E2cBab30RMHrHDcEfxjoYZgeFONFh7HgQ"
)


def test_pgjwt_sign_and_verify_a_known_token(crypto):
    token = one(
        crypto, """SELECT sign('{"sub":"1234567890","name":"John Doe","admin":true}', 'secret')"""
    )
    assert token == JWT
    header, payload, valid = crypto.execute("SELECT * FROM verify(%s, 'secret')", (JWT,)).fetchone()
    assert (header, payload, valid) == (
        {"alg": "HS256", "typ": "JWT"},
        {"sub": "1234567890", "name": "John Doe", "admin": True},
        True,
    )
    assert crypto.execute("SELECT valid FROM verify(%s, 'wrong')", (JWT,)).fetchone()[0] is False
    expired = one(crypto, """SELECT sign('{"exp": 1000}', 'k', 'HS384')""")
    assert (
        crypto.execute("SELECT valid FROM verify(%s, 'k', 'HS384')", (expired,)).fetchone()[0]
        is False
    )
    assert one(crypto, "SELECT convert_from(url_decode(url_encode('??>>')), 'utf8')") == "??>>"
