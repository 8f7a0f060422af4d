-- Workbench demo: sample rows.
--
-- Loaded into the demo database after the baseline,
-- 20250120000000_nps_submissions, 20250121093000_users_locale and
-- 20250122100000_org_admin_policy (the newest migration,
-- 20250124090000_workflow_duration, stays pending, so nothing here refers to
-- workflow_executions.duration_ms). Run as the database owner / superuser,
-- which bypasses RLS.
--
-- Two users in two organizations, so RLS simulation gives different answers:
--   alice  11111111-1111-1111-1111-111111111111  owner of Acme
--   bob    22222222-2222-2222-2222-222222222222  owner of Globex, plain member of Acme
--                                                 (author of the Acme workflow "Invoice sync",
--                                                 which alice may delete only as Acme's owner,
--                                                 through 20250122100000_org_admin_policy)
--   Acme   aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa
--   Globex bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb

-- auth & profiles ---------------------------------------------------------------
INSERT INTO auth.users (id, email, raw_user_meta_data, raw_app_meta_data, created_at, role) VALUES
    ('11111111-1111-1111-1111-111111111111', 'alice@acme.test',
     '{"full_name": "Alice Anders"}', '{"provider": "email", "providers": ["email"]}',
     '2024-11-02 09:15:00+00', 'authenticated'),
    ('22222222-2222-2222-2222-222222222222', 'bob@globex.test',
     '{"full_name": "Bob Brown"}', '{"provider": "github", "providers": ["github"]}',
     '2024-12-10 17:40:00+00', 'authenticated');

INSERT INTO public.users (id, email, full_name, timezone, locale, onboarding_completed, last_seen_at, created_at, updated_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'alice@acme.test', 'Alice Anders', 'Europe/Paris', 'fr-FR',
     true, '2025-01-23 08:02:00+00', '2024-11-02 09:15:00+00', '2025-01-05 10:00:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'bob@globex.test', 'Bob Brown', 'America/New_York', NULL,
     false, '2025-01-22 21:30:00+00', '2024-12-10 17:40:00+00', '2024-12-10 17:40:00+00');

INSERT INTO public.sessions (user_id, token, user_agent, ip_address, expires_at, last_active_at, created_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'sess_alice_7f3a9c', 'Workbench Agent/2.4 (macOS 15.2)', '203.0.113.10',
     '2030-01-01 00:00:00+00', '2025-01-23 08:02:00+00', '2025-01-20 07:55:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'sess_bob_41d0e2', 'Workbench Agent/2.4 (Windows 11)', '198.51.100.7',
     '2030-01-01 00:00:00+00', '2025-01-22 21:30:00+00', '2025-01-22 20:00:00+00');

INSERT INTO public.mfa_enforced_sessions (session_id, user_id, factor_type, verified_at, expires_at)
SELECT s.id, s.user_id, 'totp', '2025-01-20 07:56:00+00', '2030-01-01 00:00:00+00'
FROM public.sessions s WHERE s.token = 'sess_alice_7f3a9c';

-- organizations -------------------------------------------------------------------
INSERT INTO public.organizations (id, name, slug, owner_id, plan, settings, created_at, updated_at) VALUES
    ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'Acme', 'acme', '11111111-1111-1111-1111-111111111111',
     'team', '{"sso": false, "default_retention_days": 180}', '2024-11-03 10:00:00+00', '2024-11-03 10:00:00+00'),
    ('bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', 'Globex', 'globex', '22222222-2222-2222-2222-222222222222',
     'free', '{}', '2024-12-11 09:00:00+00', '2024-12-11 09:00:00+00');

INSERT INTO public.organization_members (organization_id, user_id, role, joined_at) VALUES
    ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', '11111111-1111-1111-1111-111111111111', 'owner',  '2024-11-03 10:00:00+00'),
    ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', '22222222-2222-2222-2222-222222222222', 'member', '2024-12-12 14:20:00+00'),
    ('bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', '22222222-2222-2222-2222-222222222222', 'owner',  '2024-12-11 09:00:00+00');

-- workflows -------------------------------------------------------------------------
INSERT INTO public.workflows (id, user_id, organization_id, name, description, definition, trigger_type, is_active, current_version, created_at, updated_at) VALUES
    ('c0000000-0000-0000-0000-000000000001', '11111111-1111-1111-1111-111111111111', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
     'Nightly backup', 'Zip the shared drive and upload it to S3.',
     '{"steps": [{"run": "zip"}, {"run": "upload", "bucket": "acme-backups"}]}', 'schedule', true, 2,
     '2024-11-05 12:00:00+00', '2025-01-10 12:00:00+00'),
    ('c0000000-0000-0000-0000-000000000002', '22222222-2222-2222-2222-222222222222', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
     'Invoice sync', 'Copy new invoices to the accounting folder.',
     '{"steps": [{"watch": "~/Invoices"}, {"copy": "//fs/accounting"}]}', 'file_event', false, 1,
     '2024-11-20 08:30:00+00', '2024-11-20 08:30:00+00'),
    ('c0000000-0000-0000-0000-000000000003', '11111111-1111-1111-1111-111111111111', NULL,
     'Notes digest', 'Weekly summary of edited notes.',
     '{"steps": [{"collect": "*.md"}, {"summarize": true}]}', 'schedule', true, 1,
     '2024-12-01 18:00:00+00', '2024-12-01 18:00:00+00'),
    ('c0000000-0000-0000-0000-000000000004', '22222222-2222-2222-2222-222222222222', 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
     'Deploy checks', 'Lint and test before each release.',
     '{"steps": [{"run": "lint"}, {"run": "test"}]}', 'webhook', true, 1,
     '2024-12-15 10:00:00+00', '2024-12-15 10:00:00+00'),
    ('c0000000-0000-0000-0000-000000000005', '22222222-2222-2222-2222-222222222222', NULL,
     'Scratchpad cleanup', 'Delete scratch files older than a week.',
     '{"steps": [{"find": "~/scratch", "older_than": "7d"}, {"delete": true}]}', 'manual', false, 1,
     '2025-01-02 16:00:00+00', '2025-01-02 16:00:00+00');

INSERT INTO public.workflow_versions (workflow_id, version, definition, change_summary, created_by, created_at) VALUES
    ('c0000000-0000-0000-0000-000000000001', 1, '{"steps": [{"run": "zip"}]}', 'Initial version',
     '11111111-1111-1111-1111-111111111111', '2024-11-05 12:00:00+00'),
    ('c0000000-0000-0000-0000-000000000001', 2, '{"steps": [{"run": "zip"}, {"run": "upload", "bucket": "acme-backups"}]}',
     'Upload to S3', '11111111-1111-1111-1111-111111111111', '2025-01-10 12:00:00+00'),
    ('c0000000-0000-0000-0000-000000000004', 1, '{"steps": [{"run": "lint"}, {"run": "test"}]}', 'Initial version',
     '22222222-2222-2222-2222-222222222222', '2024-12-15 10:00:00+00');

INSERT INTO public.workflow_executions (workflow_id, user_id, status, started_at, finished_at, error_message, input, output) VALUES
    ('c0000000-0000-0000-0000-000000000001', NULL, 'succeeded',
     '2025-01-21 02:00:00+00', '2025-01-21 02:03:12.500+00', NULL, '{}', '{"archive_mb": 812}'),
    ('c0000000-0000-0000-0000-000000000001', NULL, 'failed',
     '2025-01-22 02:00:00+00', '2025-01-22 02:00:41+00', 'upload: AccessDenied', '{}', NULL),
    ('c0000000-0000-0000-0000-000000000001', '11111111-1111-1111-1111-111111111111', 'succeeded',
     '2025-01-22 09:30:00+00', '2025-01-22 09:33:05+00', NULL, '{"manual": true}', '{"archive_mb": 815}'),
    ('c0000000-0000-0000-0000-000000000002', '22222222-2222-2222-2222-222222222222', 'cancelled',
     '2024-11-21 08:00:00+00', '2024-11-21 08:00:02+00', NULL, '{}', NULL),
    ('c0000000-0000-0000-0000-000000000003', NULL, 'running',
     '2025-01-23 07:00:00+00', NULL, NULL, '{}', NULL),
    ('c0000000-0000-0000-0000-000000000004', '22222222-2222-2222-2222-222222222222', 'succeeded',
     '2025-01-20 15:10:00+00', '2025-01-20 15:12:30+00', NULL, '{"ref": "v1.4.0"}', '{"tests": 214}'),
    ('c0000000-0000-0000-0000-000000000004', '22222222-2222-2222-2222-222222222222', 'pending',
     '2025-01-23 11:00:00+00', NULL, NULL, '{"ref": "v1.4.1"}', NULL),
    ('c0000000-0000-0000-0000-000000000005', '22222222-2222-2222-2222-222222222222', 'succeeded',
     '2025-01-03 16:05:00+00', '2025-01-03 16:05:07+00', NULL, '{}', '{"deleted": 31}');

-- file tracking ------------------------------------------------------------------------
INSERT INTO public.events (user_id, event_type, file_path, file_extension, app_id, "timestamp", metadata) VALUES
    ('11111111-1111-1111-1111-111111111111', 'open',   'notes/roadmap.md',       'md',   'com.microsoft.VSCode', '2025-01-22 08:00:00+00', '{}'),
    ('11111111-1111-1111-1111-111111111111', 'save',   'notes/roadmap.md',       'md',   'com.microsoft.VSCode', '2025-01-22 08:14:00+00', '{"bytes": 5120}'),
    ('11111111-1111-1111-1111-111111111111', 'create', 'src/app/main.ts',        'ts',   'com.microsoft.VSCode', '2025-01-22 10:02:00+00', '{}'),
    ('11111111-1111-1111-1111-111111111111', 'rename', 'scripts/etl.py',         'py',   'com.jetbrains.pycharm', '2025-01-23 07:45:00+00', '{"from": "scripts/etl_old.py"}'),
    ('22222222-2222-2222-2222-222222222222', 'open',   'Reports/Q4 summary.docx', 'docx', 'com.microsoft.Word',  '2025-01-21 14:00:00+00', '{}'),
    ('22222222-2222-2222-2222-222222222222', 'save',   'Reports/Q4 summary.docx', 'docx', 'com.microsoft.Word',  '2025-01-21 14:30:00+00', '{"bytes": 48213}'),
    ('22222222-2222-2222-2222-222222222222', 'open',   'Finance/budget.xlsx',    'xlsx', 'com.microsoft.Excel',  '2025-01-22 19:00:00+00', '{}');

INSERT INTO public.patterns (user_id, file_extension, app_id, pattern_type, frequency, confidence, last_seen_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'md',   'com.microsoft.VSCode',  'usage', 42, 0.9767, '2025-01-22 08:14:00+00'),
    ('11111111-1111-1111-1111-111111111111', 'ts',   'com.microsoft.VSCode',  'usage', 17, 0.9474, '2025-01-22 10:02:00+00'),
    ('11111111-1111-1111-1111-111111111111', 'py',   'com.jetbrains.pycharm', 'usage',  5, 0.8333, '2025-01-23 07:45:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'docx', 'com.microsoft.Word',    'usage', 23, 0.9600, '2025-01-21 14:30:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'xlsx', 'com.microsoft.Excel',   'usage',  9, 0.9091, '2025-01-22 19:00:00+00');

INSERT INTO public.relationships (user_id, source_path, target_path, relationship_type, strength, occurrences) VALUES
    ('11111111-1111-1111-1111-111111111111', 'notes/roadmap.md', 'src/app/main.ts', 'co_edited', 0.62, 8),
    ('22222222-2222-2222-2222-222222222222', 'Finance/budget.xlsx', 'Reports/Q4 summary.docx', 'references', 0.81, 3);

-- privacy --------------------------------------------------------------------------------
INSERT INTO public.privacy_prefs (user_id, telemetry_enabled, crash_reports_enabled, share_with_org, data_retention_days) VALUES
    ('11111111-1111-1111-1111-111111111111', true,  true,  true,  180),
    ('22222222-2222-2222-2222-222222222222', false, true,  false,  30);

INSERT INTO public.app_allowlist (user_id, app_id, app_name, is_allowed) VALUES
    ('11111111-1111-1111-1111-111111111111', 'com.microsoft.VSCode',  'Visual Studio Code', true),
    ('11111111-1111-1111-1111-111111111111', 'com.apple.mail',        'Mail',               false),
    ('22222222-2222-2222-2222-222222222222', 'com.microsoft.Word',    'Microsoft Word',     true);

INSERT INTO public.signal_toggles (user_id, signal_key, enabled) VALUES
    ('11111111-1111-1111-1111-111111111111', 'file.open',       true),
    ('11111111-1111-1111-1111-111111111111', 'window.title',    false),
    ('22222222-2222-2222-2222-222222222222', 'file.open',       true),
    ('22222222-2222-2222-2222-222222222222', 'clipboard.paste', false);

INSERT INTO public.telemetry_events (user_id, app_id, event_name, properties, "timestamp") VALUES
    ('11111111-1111-1111-1111-111111111111', 'desktop-agent', 'workflow.run',    '{"workflow": "Nightly backup"}', '2025-01-22 09:30:00+00'),
    ('11111111-1111-1111-1111-111111111111', 'desktop-agent', 'settings.opened', '{}',                              '2025-01-22 09:45:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'web-app',       'pricing.viewed',  '{"plan": "team"}',                '2025-01-22 21:00:00+00'),
    (NULL,                                   'web-app',       'landing.viewed',  '{"anonymous": true}',             '2025-01-22 21:05:00+00');

INSERT INTO public.privacy_transparency_log (user_id, action, data_category, details, created_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'consent_changed', 'telemetry', '{"telemetry_enabled": true}', '2025-01-05 10:00:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'exported',        'events',    '{"format": "csv", "rows": 3}', '2025-01-22 21:10:00+00');

INSERT INTO public.audit_logs (user_id, organization_id, action, resource_type, resource_id, metadata, ip_address, created_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'organization.member_added', 'organization_member', NULL,
     '{"email": "bob@globex.test", "role": "member"}', '203.0.113.10', '2024-12-12 14:20:00+00'),
    ('11111111-1111-1111-1111-111111111111', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'workflow.updated', 'workflow', 'c0000000-0000-0000-0000-000000000001',
     '{"version": 2}', '203.0.113.10', '2025-01-10 12:00:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'workflow.viewed', 'workflow', 'c0000000-0000-0000-0000-000000000001',
     '{}', '198.51.100.7', '2025-01-22 20:05:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', 'organization.created', 'organization', 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
     '{}', '198.51.100.7', '2024-12-11 09:00:00+00');

INSERT INTO public.retention_policies (organization_id, data_category, retention_days, is_active) VALUES
    ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'events',           180, true),
    ('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'telemetry_events',  30, true),
    ('bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', 'events',            90, true);

-- billing ------------------------------------------------------------------------------------
INSERT INTO public.subscriptions (user_id, organization_id, plan, status, stripe_customer_id, stripe_subscription_id, current_period_start, current_period_end) VALUES
    ('11111111-1111-1111-1111-111111111111', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'team', 'active',
     'cus_demo_alice', 'sub_demo_acme', '2025-01-03 00:00:00+00', '2025-02-03 00:00:00+00'),
    ('22222222-2222-2222-2222-222222222222', NULL, 'pro', 'trialing',
     'cus_demo_bob', 'sub_demo_bob', '2025-01-15 00:00:00+00', '2025-01-29 00:00:00+00');

INSERT INTO public.offers (code, name, description, discount_percent, price_cents, currency, is_active, valid_from, valid_until) VALUES
    ('LAUNCH50',    'Launch offer',  '50% off the first three months.', 50, 600,  'usd', true, '2025-01-01 00:00:00+00', '2030-12-31 23:59:59+00'),
    ('ANNUAL20',    'Annual plan',   '20% off when billed yearly.',     20, 9600, 'usd', true, '2024-06-01 00:00:00+00', NULL),
    ('BLACKFRIDAY', 'Black Friday',  'Expired seasonal offer.',         40, 720,  'usd', true, '2024-11-29 00:00:00+00', '2024-12-02 23:59:59+00');

INSERT INTO public.feature_flags (key, description, enabled, rollout_percentage, conditions) VALUES
    ('workflow_builder_v2', 'New drag-and-drop workflow builder', true,  25, '{"plans": ["team", "enterprise"]}'),
    ('ai_summaries',        'LLM summaries in the notes digest',  true, 100, '{}'),
    ('org_sso',             'SAML single sign-on',                false,  0, '{"plans": ["enterprise"]}'),
    ('privacy_dashboard',   'Privacy transparency dashboard',     true, 100, '{}');

-- analytics ------------------------------------------------------------------------------------
INSERT INTO public.utm_tracks (user_id, utm_source, utm_medium, utm_campaign, landing_page, referrer, created_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'newsletter', 'email', 'launch-2024', '/pricing', NULL, '2024-11-01 12:00:00+00'),
    ('22222222-2222-2222-2222-222222222222', 'github',     'referral', NULL,      '/',        'https://github.com', '2024-12-10 17:30:00+00'),
    (NULL,                                   'twitter',    'social', 'launch-2024', '/',        'https://t.co',       '2025-01-22 21:04:00+00');

INSERT INTO public.cohorts (name, description, definition, cohort_date, user_count) VALUES
    ('signups', 'Weekly sign-up cohort', '{"event": "signup", "period": "week"}', '2024-11-04', 1),
    ('signups', 'Weekly sign-up cohort', '{"event": "signup", "period": "week"}', '2024-12-09', 1);

INSERT INTO public.metrics_log (metric_name, metric_value, tags, recorded_at) VALUES
    ('api.latency_p95_ms',     182.5, '{"region": "eu-west-1"}', '2025-01-22 12:00:00+00'),
    ('api.latency_p95_ms',     175.0, '{"region": "eu-west-1"}', '2025-01-23 12:00:00+00'),
    ('workflows.queue_depth',    3,   '{}',                      '2025-01-23 12:00:00+00');

INSERT INTO public.nps_submissions (user_id, score, comment, source, created_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 9,  'Love the workflow builder.',     'in_app', '2024-12-20 10:00:00+00'),
    ('11111111-1111-1111-1111-111111111111', 10, NULL,                             'email',  '2025-01-20 10:00:00+00'),
    ('22222222-2222-2222-2222-222222222222', 6,  'Windows agent is a bit slow.',   'in_app', '2025-01-21 18:00:00+00');

-- integrations ------------------------------------------------------------------------------------
INSERT INTO public.user_integrations (user_id, provider, external_account_id, scopes, is_active, connected_at, last_synced_at) VALUES
    ('11111111-1111-1111-1111-111111111111', 'github',  'alice-anders', '["repo", "read:user"]', true,  '2024-11-06 09:00:00+00', '2025-01-23 06:00:00+00'),
    ('11111111-1111-1111-1111-111111111111', 'slack',   'T0ACME/U0ALICE', '["chat:write"]',     true,  '2024-11-07 09:00:00+00', NULL),
    ('22222222-2222-2222-2222-222222222222', 'dropbox', 'dbid:bob-brown', '["files.content.read"]', false, '2024-12-12 10:00:00+00', '2024-12-20 10:00:00+00');
