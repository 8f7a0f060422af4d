-- Functions, procedures, aggregates and window functions of the selected
-- schemas, leaving out extension members and the constructors PostgreSQL makes
-- for range types (internal dependencies); one row each: schema, name, identity
-- arguments, prokind, arguments (with defaults), result (NULL for procedures),
-- language, body (prosrc, the deparsed SQL-standard body, or for an aggregate
-- its CREATE AGGREGATE options: `SFUNC = ..., STYPE = ...`), pg_get_functiondef
-- (NULL for aggregates), provolatile, security definer, strict, leakproof,
-- proparallel, proconfig, owner, comment, oid.
SELECT n.nspname,
       p.proname,
       pg_get_function_identity_arguments(p.oid),
       p.prokind,
       pg_get_function_arguments(p.oid),
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END,
       l.lanname,
       CASE WHEN p.prokind = 'a' THEN
           -- an aggregate's body: its CREATE AGGREGATE options
           concat_ws(', ',
               'SFUNC = ' || a.aggtransfn::regproc::text,
               'STYPE = ' || format_type(a.aggtranstype, NULL),
               CASE WHEN a.aggtransspace > 0 THEN 'SSPACE = ' || a.aggtransspace END,
               CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
               CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
               CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC_MODIFY = '
                   || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE'
                                            ELSE 'READ_WRITE' END END,
               CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
               CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
               CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
               CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
               CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text END,
               CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc::text END,
               CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
               CASE WHEN a.aggmtransspace > 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
               CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
               CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
               CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC_MODIFY = '
                   || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE'
                                             ELSE 'READ_WRITE' END END,
               CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
               CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || a.aggsortop::regoper::text END,
               CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END)
       ELSE {body} END,
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
       p.provolatile,
       p.prosecdef,
       p.proisstrict,
       p.proleakproof,
       p.proparallel,
       p.proconfig,
       pg_get_userbyid(p.proowner),
       d.description,
       p.oid
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(nsp)s::oid[])
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend e
        WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname  -- overloads are sorted by identity arguments in Python
