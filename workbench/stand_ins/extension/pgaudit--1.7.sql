-- workbench stand-in for pgaudit 1.7: the real one has two event triggers backed by C
-- functions and its pgaudit.* settings. Here: no objects; settings such as
-- `ALTER ROLE x SET pgaudit.log = 'all'` are accepted as custom settings, nothing is logged.

\echo Use "CREATE EXTENSION pgaudit" to load this file. \quit
