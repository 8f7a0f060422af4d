-- Comments on the columns of the relations of the selected schemas: relation
-- oid, attnum, comment. Read apart from columns.sql: joining pg_description
-- for every attribute costs more than reading the few comments there are.
SELECT d.objoid, d.objsubid, d.description
FROM pg_description d
JOIN pg_class c ON c.oid = d.objoid
WHERE d.classoid = 'pg_class'::regclass
  AND d.objsubid > 0
  AND c.relnamespace = ANY (%(nsp)s::oid[])
