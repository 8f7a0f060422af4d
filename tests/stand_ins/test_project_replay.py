"""A project whose migrations use the stand-ins: `up` applies, no drift from a replay."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from workbench.embedded import EmbeddedServer

MIGRATIONS = {
    "20250101000000_extensions.sql": """
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_net with schema extensions;
create extension if not exists pg_cron with schema pg_catalog;
create extension if not exists pgmq;
create extension if not exists wrappers with schema extensions;
create extension if not exists pg_jsonschema with schema extensions;
create extension if not exists pg_hashids with schema extensions;
""",
    "20250102000000_tables.sql": """
create table public.accounts (
  id uuid primary key default extensions.uuid_generate_v4(),
  api_key text not null default encode(extensions.gen_random_bytes(24), 'hex'),
  public_id text generated always as (extensions.id_encode(42, 'salt')) stored,
  settings jsonb not null default '{}' check (
    extensions.jsonb_matches_schema('{"type": "object"}', settings)),
  password_hash text
);
create function public.hash_password() returns trigger language plpgsql as $$
begin
  new.password_hash := extensions.crypt(new.password_hash, extensions.gen_salt('bf'));
  perform net.http_post(url := 'https://hooks.example.test/accounts',
                        body := jsonb_build_object('id', new.id));
  return new;
end $$;
create trigger accounts_hash before insert on public.accounts
  for each row execute function public.hash_password();
insert into public.accounts (password_hash) values ('hunter2');
""",
    "20250103000000_jobs.sql": """
select cron.schedule('purge-accounts', '0 3 * * *', $$delete from public.accounts where false$$);
select pgmq.create('emails');
select pgmq.send('emails', '{"to": "a@example.test"}');
create foreign data wrapper stripe_wrapper
  handler extensions.stripe_fdw_handler validator extensions.stripe_fdw_validator;
create server stripe_server foreign data wrapper stripe_wrapper
  options (api_key_id 'dummy', api_url 'https://api.stripe.com/v1');
create schema stripe;
create foreign table stripe.customers (id text, email text, attrs jsonb)
  server stripe_server options (object 'customers');
""",
}


@pytest.fixture
def project():
    root = Path(tempfile.mkdtemp(prefix="workbench-stand-ins-replay-"))
    (root / "supabase" / "migrations").mkdir(parents=True)
    for name, text in MIGRATIONS.items():
        (root / "supabase" / "migrations" / name).write_text(text)
    yield root
    EmbeddedServer(root / ".workbench").stop()
    shutil.rmtree(root, ignore_errors=True)


def test_up_applies_and_a_replay_shows_no_drift(cli, project: Path):
    up = cli("--project", project, "up", "--yes")
    assert up.code == 0, up.err
    diff = cli("--project", project, "diff", "--from", "migrations", "--to", "db", "--exit-code")
    assert diff.code == 0, diff.out + diff.err
    status = cli("--project", project, "status", "--json")
    assert '"pg_net"' in status.out and '"pgmq"' in status.out
