-- Validation queries run by scripts/db-validate-schema.ts after the initial
-- schema. Read-only; each query must return zero rows.

-- 1. Tables in public without row level security.
SELECT c.relname AS table_without_rls
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relkind = 'r'
  AND NOT c.relrowsecurity;

-- 2. Foreign keys without a supporting index.
SELECT con.conrelid::regclass AS table_name, con.conname AS unindexed_fk
FROM pg_constraint con
WHERE con.contype = 'f'
  AND con.connamespace = 'public'::regnamespace
  AND NOT EXISTS (
      SELECT 1 FROM pg_index i
      WHERE i.indrelid = con.conrelid
        AND (i.indkey::int2[])[0:cardinality(con.conkey) - 1] = con.conkey
  );

-- 3. Profiles without an auth user (should be impossible with the FK).
SELECT u.id AS orphan_profile
FROM public.users u
LEFT JOIN auth.users au ON au.id = u.id
WHERE au.id IS NULL;

-- 4. Timestamp columns declared without a time zone.
SELECT table_name, column_name
FROM information_schema.columns
WHERE table_schema = 'public'
  AND data_type = 'timestamp without time zone';
