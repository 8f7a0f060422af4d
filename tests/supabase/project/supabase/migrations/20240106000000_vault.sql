select vault.create_secret('https://example.test/functions/v1', 'functions_url',
                           'where the edge functions live');

create function public.functions_url()
returns text
language sql
stable
security definer
set search_path = ''
as $$ select decrypted_secret from vault.decrypted_secrets where name = 'functions_url' $$;
revoke execute on function public.functions_url() from anon, authenticated, public;
