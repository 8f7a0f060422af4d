-- Supabase preinstalls uuid-ossp and pgcrypto in schema extensions; projects
-- still "enable" them, and call them both qualified and unqualified.
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists vector with schema extensions;

create table public.documents (
    id uuid primary key default uuid_generate_v4(),
    slug text not null default encode(gen_random_bytes(6), 'hex'),
    body text not null default '',
    embedding vector(3),
    created_at timestamptz not null default now()
);

create function public.document_checksum(body text)
returns text
language sql
immutable
as $$ select encode(digest(body, 'sha1'), 'hex') $$;

create table public.api_keys (
    id uuid primary key default extensions.uuid_generate_v4(),
    owner uuid not null references auth.users (id) on delete cascade,
    key_hash text not null default extensions.crypt('not-a-secret', extensions.gen_salt('bf')),
    label text
);
alter table public.api_keys enable row level security;
create policy "owners manage their keys" on public.api_keys
    for all to authenticated
    using (owner = (select auth.uid()))
    with check (owner = (select auth.uid()));
