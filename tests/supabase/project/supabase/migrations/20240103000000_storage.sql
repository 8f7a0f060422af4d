insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('avatars', 'avatars', true, 1048576, array['image/png', 'image/jpeg'])
on conflict (id) do nothing;

create policy "avatars are public" on storage.objects
    for select using (bucket_id = 'avatars');
create policy "users upload into their folder" on storage.objects
    for insert to authenticated
    with check (
        bucket_id = 'avatars'
        and (storage.foldername(name))[1] = (select auth.uid())::text
    );
create policy "owners update their avatars" on storage.objects
    for update to authenticated
    using (owner_id = (select auth.uid())::text)
    with check (bucket_id = 'avatars');
create policy "owners delete their avatars" on storage.objects
    for delete to authenticated
    using (owner_id = (select auth.uid())::text and storage.extension(name) in ('png', 'jpg'));
