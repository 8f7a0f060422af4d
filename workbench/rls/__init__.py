"""The RLS inspector engine (no UI imports).

- `expr`: policy expressions parsed with sqlglot (auth calls, columns, tables, patterns);
  `fold`: claims folded into expressions, predicates composed as PostgreSQL does.
- `access`: effective access per (table, role, command).
- `lints.lint_catalog`: the SPEC 11 rules (`lint_tables`, `lint_policies`, `lint_paths`,
  sharing `linter.Linter`), as `workbench.findings.Finding`; `splinter`: their JSON;
  `rls_report.rls_report`: tables' RLS state plus findings (what `workbench rls` prints).
- `claims`, `explain`, `probes`, `insert_probe`, `simulate`: simulate a request as a
  role with JWT claims, in a transaction that is always rolled back.
"""
