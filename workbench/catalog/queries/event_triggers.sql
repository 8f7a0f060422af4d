-- Event triggers (database-wide), leaving out extension members; one row each:
-- name, event, function (qualified), tags, evtenabled, owner, comment.
SELECT t.evtname,
       t.evtevent,
       pn.nspname || '.' || p.proname,
       COALESCE(t.evttags, '{}'),
       t.evtenabled,
       pg_get_userbyid(t.evtowner),
       d.description
FROM pg_event_trigger t
JOIN pg_proc p ON p.oid = t.evtfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_event_trigger'::regclass AND d.objsubid = 0
WHERE NOT EXISTS (
        SELECT 1 FROM pg_depend x
        WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY t.evtname
