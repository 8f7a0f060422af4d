-- needs: wrappers
create extension if not exists wrappers with schema extensions;

create foreign data wrapper stripe_wrapper
    handler stripe_fdw_handler
    validator stripe_fdw_validator;

create server stripe_server
    foreign data wrapper stripe_wrapper
    options (api_url 'https://api.stripe.test/v1', api_key_name 'stripe');

create schema if not exists stripe;

create foreign table stripe.customers (
    id text,
    email text,
    name text,
    created timestamp,
    attrs jsonb
)
    server stripe_server
    options (object 'customers', rowid_column 'id');
