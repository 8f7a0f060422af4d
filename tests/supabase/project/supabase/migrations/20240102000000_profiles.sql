create table public.profiles (
    id uuid primary key references auth.users (id) on delete cascade,
    username text unique,
    avatar_path text,
    updated_at timestamptz default now()
);
alter table public.profiles enable row level security;

create policy "profiles are public" on public.profiles
    for select to anon, authenticated using (true);
create policy "users update their profile" on public.profiles
    for update to authenticated
    using ((select auth.uid()) = id)
    with check ((select auth.uid()) = id);

create function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    insert into public.profiles (id, username)
    values (new.id, new.raw_user_meta_data ->> 'username');
    return new;
end;
$$;

create trigger on_auth_user_created
    after insert on auth.users
    for each row execute function public.handle_new_user();

-- A custom access token hook: Supabase Auth calls it as supabase_auth_admin.
create function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql
stable
as $$
declare
    claims jsonb := event -> 'claims';
begin
    claims := jsonb_set(claims, '{user_name}', to_jsonb(coalesce(
        (select username from public.profiles where id = (event ->> 'user_id')::uuid),
        'anonymous')));
    return jsonb_set(event, '{claims}', claims);
end;
$$;

grant usage on schema public to supabase_auth_admin;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
revoke execute on function public.custom_access_token_hook(jsonb) from authenticated, anon, public;
grant select on table public.profiles to supabase_auth_admin;
create policy "auth admin reads profiles" on public.profiles
    as permissive for select to supabase_auth_admin using (true);
