create table public.chat_messages (
    id bigint generated always as identity primary key,
    room text not null,
    author uuid references auth.users (id),
    body text not null,
    created_at timestamptz not null default now()
);
alter table public.chat_messages enable row level security;
create policy "signed-in users read chat" on public.chat_messages
    for select to authenticated using (true);
create policy "authors write chat" on public.chat_messages
    for insert to authenticated with check (author = (select auth.uid()));

alter publication supabase_realtime add table public.chat_messages;

-- Realtime Authorization: who may join a room's broadcast channel.
create policy "room members receive broadcasts" on realtime.messages
    for select to authenticated
    using (realtime.topic() like 'room:%' and extension in ('broadcast', 'presence'));
create policy "room members broadcast" on realtime.messages
    for insert to authenticated
    with check (realtime.topic() like 'room:%');

create function public.broadcast_chat_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform realtime.broadcast_changes(
        'room:' || new.room, tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
    return null;
end;
$$;

create trigger chat_messages_broadcast
    after insert or update on public.chat_messages
    for each row execute function public.broadcast_chat_message();
