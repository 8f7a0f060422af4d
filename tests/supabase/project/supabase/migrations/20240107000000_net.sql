-- needs: pg_net
create extension if not exists pg_net with schema extensions;

create function public.notify_order_shipped()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.status = 'shipped' and old.status is distinct from 'shipped' then
        perform net.http_post(
            url := public.functions_url() || '/order-shipped',
            body := jsonb_build_object('order', new.id),
            headers := jsonb_build_object('Content-Type', 'application/json')
        );
    end if;
    return new;
end;
$$;

create trigger order_shipped
    after update on public.orders
    for each row execute function public.notify_order_shipped();

update public.orders set status = 'shipped';
