-- Supabase environment, part 3: the storage schema, as Supabase Storage's
-- migrations leave it (buckets, objects, S3 multipart uploads, the helpers
-- policies call). Tables get every column they lack, so an older shim's
-- tables are upgraded in place.

DO $shim$
BEGIN
    IF to_regtype('storage.buckettype') IS NULL THEN
        CREATE TYPE storage.buckettype AS ENUM ('STANDARD', 'ANALYTICS');
    END IF;
END
$shim$;

CREATE TABLE IF NOT EXISTS storage.buckets (
    id text NOT NULL,
    name text NOT NULL,
    owner uuid,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    CONSTRAINT buckets_pkey PRIMARY KEY (id)
);
ALTER TABLE storage.buckets
    ADD COLUMN IF NOT EXISTS public boolean DEFAULT false,
    ADD COLUMN IF NOT EXISTS avif_autodetection boolean DEFAULT false,
    ADD COLUMN IF NOT EXISTS file_size_limit bigint,
    ADD COLUMN IF NOT EXISTS allowed_mime_types text[],
    ADD COLUMN IF NOT EXISTS owner_id text,
    ADD COLUMN IF NOT EXISTS type storage.buckettype NOT NULL DEFAULT 'STANDARD';
COMMENT ON COLUMN storage.buckets.owner IS 'Field is deprecated, use owner_id instead';
CREATE UNIQUE INDEX IF NOT EXISTS bname ON storage.buckets USING btree (name);

CREATE TABLE IF NOT EXISTS storage.objects (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    bucket_id text,
    name text,
    owner uuid,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    last_accessed_at timestamptz DEFAULT now(),
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
    CONSTRAINT objects_pkey PRIMARY KEY (id),
    CONSTRAINT "objects_bucketId_fkey" FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id)
);
ALTER TABLE storage.objects
    ADD COLUMN IF NOT EXISTS version text,
    ADD COLUMN IF NOT EXISTS owner_id text,
    ADD COLUMN IF NOT EXISTS user_metadata jsonb,
    ADD COLUMN IF NOT EXISTS level integer;
COMMENT ON COLUMN storage.objects.owner IS 'Field is deprecated, use owner_id instead';
CREATE UNIQUE INDEX IF NOT EXISTS bucketid_objname ON storage.objects USING btree (bucket_id, name);
CREATE INDEX IF NOT EXISTS name_prefix_search ON storage.objects USING btree (name text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_objects_bucket_id_name ON storage.objects USING btree (bucket_id, name COLLATE "C");
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;

CREATE TABLE IF NOT EXISTS storage.migrations (
    id integer NOT NULL,
    name varchar(100) NOT NULL,
    hash varchar(40) NOT NULL,
    executed_at timestamp DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT migrations_pkey PRIMARY KEY (id),
    CONSTRAINT migrations_name_key UNIQUE (name)
);

CREATE TABLE IF NOT EXISTS storage.s3_multipart_uploads (
    id text NOT NULL,
    in_progress_size bigint NOT NULL DEFAULT 0,
    upload_signature text NOT NULL,
    bucket_id text NOT NULL REFERENCES storage.buckets (id),
    key text COLLATE "C" NOT NULL,
    version text NOT NULL,
    owner_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    user_metadata jsonb,
    CONSTRAINT s3_multipart_uploads_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_multipart_uploads_list
    ON storage.s3_multipart_uploads USING btree (bucket_id, key, created_at);
ALTER TABLE storage.s3_multipart_uploads ENABLE ROW LEVEL SECURITY;

CREATE TABLE IF NOT EXISTS storage.s3_multipart_uploads_parts (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    upload_id text NOT NULL REFERENCES storage.s3_multipart_uploads (id) ON DELETE CASCADE,
    size bigint NOT NULL DEFAULT 0,
    part_number integer NOT NULL,
    bucket_id text NOT NULL REFERENCES storage.buckets (id),
    key text COLLATE "C" NOT NULL,
    etag text NOT NULL,
    owner_id text,
    version text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT s3_multipart_uploads_parts_pkey PRIMARY KEY (id)
);
ALTER TABLE storage.s3_multipart_uploads_parts ENABLE ROW LEVEL SECURITY;

-- Path helpers: plpgsql, as Storage defines them.
CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    AS $body$
DECLARE
    _parts text[];
BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    RETURN _parts[1:array_length(_parts, 1) - 1];
END
$body$;

CREATE OR REPLACE FUNCTION storage.filename(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $body$
DECLARE
    _parts text[];
BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    RETURN _parts[array_length(_parts, 1)];
END
$body$;

CREATE OR REPLACE FUNCTION storage.extension(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $body$
DECLARE
    _parts text[];
    _filename text;
BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    SELECT _parts[array_length(_parts, 1)] INTO _filename;
    RETURN reverse(split_part(reverse(_filename), '.', 1));
END
$body$;

CREATE OR REPLACE FUNCTION storage.get_size_by_bucket()
    RETURNS TABLE (size bigint, bucket_id text)
    LANGUAGE plpgsql STABLE
    AS $body$
BEGIN
    RETURN QUERY
        SELECT sum((o.metadata ->> 'size')::bigint)::bigint AS size, o.bucket_id
        FROM storage.objects AS o
        GROUP BY o.bucket_id;
END
$body$;

-- The object listing the Storage API's list endpoint runs: the files and
-- folders one level below `prefix` in bucket `bucketname`.
CREATE OR REPLACE FUNCTION storage.search(
    prefix text,
    bucketname text,
    limits integer DEFAULT 100,
    levels integer DEFAULT 1,
    offsets integer DEFAULT 0,
    search text DEFAULT '',
    sortcolumn text DEFAULT 'name',
    sortorder text DEFAULT 'asc'
)
    RETURNS TABLE (
        name text,
        id uuid,
        updated_at timestamptz,
        created_at timestamptz,
        last_accessed_at timestamptz,
        metadata jsonb
    )
    LANGUAGE plpgsql STABLE
    AS $body$
DECLARE
    v_order text;
BEGIN
    IF sortcolumn NOT IN ('name', 'updated_at', 'created_at', 'last_accessed_at') THEN
        RAISE EXCEPTION 'invalid sort column %', sortcolumn;
    END IF;
    v_order := CASE WHEN lower(sortorder) = 'desc' THEN 'DESC' ELSE 'ASC' END;
    RETURN QUERY EXECUTE format(
        $q$
        WITH folders AS (
            SELECT o.path_tokens[$1] AS folder, o.*
            FROM storage.objects AS o
            WHERE o.bucket_id = $2
              AND o.name ILIKE $3 || '%%'
              AND lower(coalesce(o.path_tokens[$1], '')) ILIKE '%%' || $4 || '%%'
        )
        SELECT DISTINCT ON (f.folder)
               f.folder AS name,
               CASE WHEN array_length(f.path_tokens, 1) = $1 THEN f.id END AS id,
               CASE WHEN array_length(f.path_tokens, 1) = $1 THEN f.updated_at END,
               CASE WHEN array_length(f.path_tokens, 1) = $1 THEN f.created_at END,
               CASE WHEN array_length(f.path_tokens, 1) = $1 THEN f.last_accessed_at END,
               CASE WHEN array_length(f.path_tokens, 1) = $1 THEN f.metadata END
        FROM folders AS f
        ORDER BY f.folder, %I %s
        LIMIT $5 OFFSET $6
        $q$,
        sortcolumn, v_order
    ) USING levels, bucketname, prefix, coalesce(search, ''), limits, offsets;
END
$body$;

CREATE OR REPLACE FUNCTION storage.update_updated_at_column() RETURNS trigger
    LANGUAGE plpgsql
    AS $body$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END
$body$;

DO $shim$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                   WHERE tgrelid = 'storage.objects'::regclass
                     AND tgname = 'update_objects_updated_at') THEN
        CREATE TRIGGER update_objects_updated_at BEFORE UPDATE ON storage.objects
            FOR EACH ROW EXECUTE FUNCTION storage.update_updated_at_column();
    END IF;
END
$shim$;

SELECT pg_temp.own_schema('storage', '{r,p,v}', 'supabase_storage_admin', 'supabase_storage_admin', true);
GRANT ALL ON storage.buckets, storage.objects TO anon, authenticated, service_role;
GRANT ALL ON storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts TO service_role;
GRANT SELECT ON storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts TO anon, authenticated;
GRANT ALL ON ALL TABLES IN SCHEMA storage TO postgres, dashboard_user WITH GRANT OPTION;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA storage TO anon, authenticated, service_role, postgres;
