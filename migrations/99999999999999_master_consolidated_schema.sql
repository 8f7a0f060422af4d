-- migrate:up
-- =============================================================================
-- MASTER CONSOLIDATED SCHEMA
-- =============================================================================
--
-- Bootstraps a fresh database to the final schema state. It replaces the
-- historical migrations kept in migrations_archive/ (never executed).
--
--   * Idempotent: safe to run any number of times. Tables, indexes and types
--     are created only where missing (IF NOT EXISTS / guarded DO blocks);
--     functions and triggers use CREATE OR REPLACE; policies are dropped and
--     recreated.
--   * Requires the Supabase roles (anon, authenticated, service_role) and the
--     auth schema: on a real Supabase project they exist already; on plain
--     PostgreSQL load the Supabase shim first.
--   * Incremental changes made after the consolidation live in their own
--     migrations (YYYYMMDDHHMMSS_description.sql) and are applied on top.
--
-- Sections
--   1. Types
--   2. Utility functions
--   3. Users & authentication    (users, sessions, mfa_enforced_sessions)
--   4. File tracking             (events, patterns, relationships)
--   5. Multi-tenant              (organizations, organization_members,
--                                 workflows, workflow_versions,
--                                 workflow_executions)
--   6. Privacy & compliance      (privacy_prefs, app_allowlist, signal_toggles,
--                                 telemetry_events, privacy_transparency_log,
--                                 audit_logs, retention_policies)
--   7. Billing & subscriptions   (subscriptions, offers, feature_flags)
--   8. Analytics                 (utm_tracks, cohorts, metrics_log,
--                                 nps_submissions)
--   9. Integrations              (user_integrations)
--  10. Helper & upsert functions
--  11. updated_at triggers
--  12. Row level security
--  13. Grants
-- =============================================================================


-- =============================================================================
-- 1. TYPES
-- =============================================================================

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typname = 'workflow_status'
    ) THEN
        CREATE TYPE public.workflow_status AS ENUM (
            'pending', 'running', 'succeeded', 'failed', 'cancelled'
        );
    END IF;

    IF NOT EXISTS (
        SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typname = 'subscription_status'
    ) THEN
        CREATE TYPE public.subscription_status AS ENUM (
            'trialing', 'active', 'past_due', 'canceled', 'incomplete'
        );
    END IF;
END
$$;

COMMENT ON TYPE public.workflow_status IS 'Lifecycle of a workflow execution.';
COMMENT ON TYPE public.subscription_status IS 'Mirrors the Stripe subscription status.';


-- =============================================================================
-- 2. UTILITY FUNCTIONS
-- =============================================================================

CREATE OR REPLACE FUNCTION public.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION public.set_updated_at() IS
    'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';


-- =============================================================================
-- 3. USERS & AUTHENTICATION
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.users (
    id                   uuid        NOT NULL,
    email                text        NOT NULL,
    full_name            text,
    avatar_url           text,
    timezone             text        NOT NULL DEFAULT 'UTC',
    onboarding_completed boolean     NOT NULL DEFAULT false,
    last_seen_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_id_fkey FOREIGN KEY (id)
        REFERENCES auth.users (id) ON DELETE CASCADE,
    CONSTRAINT users_email_check CHECK (position('@' in email) > 1)
);

CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON public.users (email);

COMMENT ON TABLE public.users IS
    'Application profile of an auth user (1:1 with auth.users).';
COMMENT ON COLUMN public.users.timezone IS 'IANA time zone name, e.g. Europe/Paris.';


CREATE TABLE IF NOT EXISTS public.sessions (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id        uuid        NOT NULL,
    token          text        NOT NULL,
    user_agent     text,
    ip_address     inet,
    expires_at     timestamptz NOT NULL,
    last_active_at timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT sessions_expiry_check CHECK (expires_at > created_at)
);

CREATE UNIQUE INDEX IF NOT EXISTS sessions_token_key ON public.sessions (token);
CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON public.sessions (user_id);

COMMENT ON TABLE public.sessions IS 'Authentication sessions of the desktop agent.';
COMMENT ON COLUMN public.sessions.token IS 'Opaque session token (hashed by the API).';


CREATE TABLE IF NOT EXISTS public.mfa_enforced_sessions (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id  uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    factor_type text        NOT NULL DEFAULT 'totp',
    verified_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mfa_enforced_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT mfa_enforced_sessions_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES public.sessions (id) ON DELETE CASCADE,
    CONSTRAINT mfa_enforced_sessions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT mfa_enforced_sessions_factor_type_check
        CHECK (factor_type IN ('totp', 'webauthn', 'sms'))
);

CREATE UNIQUE INDEX IF NOT EXISTS mfa_enforced_sessions_session_id_key
    ON public.mfa_enforced_sessions (session_id);
CREATE INDEX IF NOT EXISTS mfa_enforced_sessions_user_id_idx
    ON public.mfa_enforced_sessions (user_id);

COMMENT ON TABLE public.mfa_enforced_sessions IS
    'Sessions that passed a second factor; required for sensitive actions.';


-- =============================================================================
-- 4. FILE TRACKING
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.events (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id        uuid        NOT NULL,
    event_type     text        NOT NULL,
    file_path      text        NOT NULL,
    file_extension text,
    app_id         text,
    "timestamp"    timestamptz NOT NULL DEFAULT now(),
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_pkey PRIMARY KEY (id),
    CONSTRAINT events_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT events_event_type_check
        CHECK (event_type IN ('open', 'save', 'create', 'delete', 'rename', 'move'))
);

CREATE INDEX IF NOT EXISTS events_user_id_timestamp_idx
    ON public.events (user_id, "timestamp");
CREATE INDEX IF NOT EXISTS events_file_path_idx ON public.events (file_path);

COMMENT ON TABLE public.events IS 'File system events captured by the desktop agent.';
COMMENT ON COLUMN public.events.file_path IS 'Path relative to the watched root.';


CREATE TABLE IF NOT EXISTS public.patterns (
    id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    user_id        uuid         NOT NULL,
    file_extension text         NOT NULL,
    app_id         text,
    pattern_type   text         NOT NULL DEFAULT 'usage',
    frequency      integer      NOT NULL DEFAULT 1,
    confidence     numeric(5,4) NOT NULL DEFAULT 0,
    last_seen_at   timestamptz  NOT NULL DEFAULT now(),
    metadata       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT patterns_pkey PRIMARY KEY (id),
    CONSTRAINT patterns_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT patterns_frequency_check CHECK (frequency >= 0),
    CONSTRAINT patterns_confidence_check CHECK (confidence BETWEEN 0 AND 1)
);

CREATE UNIQUE INDEX IF NOT EXISTS patterns_user_id_file_extension_key
    ON public.patterns (user_id, file_extension);
CREATE INDEX IF NOT EXISTS patterns_user_id_idx ON public.patterns (user_id);

COMMENT ON TABLE public.patterns IS 'Detected file usage patterns, one row per user and extension.';


CREATE TABLE IF NOT EXISTS public.relationships (
    id                uuid             NOT NULL DEFAULT gen_random_uuid(),
    user_id           uuid             NOT NULL,
    source_path       text             NOT NULL,
    target_path       text             NOT NULL,
    relationship_type text             NOT NULL DEFAULT 'co_edited',
    strength          double precision NOT NULL DEFAULT 0,
    occurrences       integer          NOT NULL DEFAULT 1,
    last_seen_at      timestamptz      NOT NULL DEFAULT now(),
    created_at        timestamptz      NOT NULL DEFAULT now(),
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT relationships_pkey PRIMARY KEY (id),
    CONSTRAINT relationships_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT relationships_type_check
        CHECK (relationship_type IN ('co_edited', 'references', 'derived_from', 'sibling')),
    CONSTRAINT relationships_strength_check CHECK (strength BETWEEN 0 AND 1),
    CONSTRAINT relationships_distinct_paths_check CHECK (source_path <> target_path)
);

CREATE UNIQUE INDEX IF NOT EXISTS relationships_user_source_target_type_key
    ON public.relationships (user_id, source_path, target_path, relationship_type);
CREATE INDEX IF NOT EXISTS relationships_user_id_idx ON public.relationships (user_id);

COMMENT ON TABLE public.relationships IS 'File-to-file relationships inferred from events.';


-- =============================================================================
-- 5. MULTI-TENANT
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.organizations (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    name       text        NOT NULL,
    slug       text        NOT NULL,
    owner_id   uuid        NOT NULL,
    plan       text        NOT NULL DEFAULT 'free',
    settings   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_owner_id_fkey FOREIGN KEY (owner_id)
        REFERENCES public.users (id) ON DELETE RESTRICT,
    CONSTRAINT organizations_slug_check CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    CONSTRAINT organizations_plan_check CHECK (plan IN ('free', 'team', 'enterprise'))
);

CREATE UNIQUE INDEX IF NOT EXISTS organizations_slug_key ON public.organizations (slug);
CREATE INDEX IF NOT EXISTS organizations_owner_id_idx ON public.organizations (owner_id);

COMMENT ON TABLE public.organizations IS 'Tenants. Every org has exactly one owner.';


CREATE TABLE IF NOT EXISTS public.organization_members (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL,
    user_id         uuid        NOT NULL,
    role            text        NOT NULL DEFAULT 'member',
    joined_at       timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_members_pkey PRIMARY KEY (id),
    CONSTRAINT organization_members_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES public.organizations (id) ON DELETE CASCADE,
    CONSTRAINT organization_members_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT organization_members_role_check CHECK (role IN ('owner', 'admin', 'member'))
);

CREATE UNIQUE INDEX IF NOT EXISTS organization_members_organization_id_user_id_key
    ON public.organization_members (organization_id, user_id);
CREATE INDEX IF NOT EXISTS organization_members_user_id_idx
    ON public.organization_members (user_id);

COMMENT ON TABLE public.organization_members IS 'Membership of users in organizations, with their role.';


CREATE TABLE IF NOT EXISTS public.workflows (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid        NOT NULL,
    organization_id uuid,
    name            text        NOT NULL,
    description     text,
    definition      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    trigger_type    text        NOT NULL DEFAULT 'manual',
    is_active       boolean     NOT NULL DEFAULT true,
    current_version integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflows_pkey PRIMARY KEY (id),
    CONSTRAINT workflows_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT workflows_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES public.organizations (id) ON DELETE CASCADE,
    CONSTRAINT workflows_trigger_type_check
        CHECK (trigger_type IN ('manual', 'schedule', 'file_event', 'webhook')),
    CONSTRAINT workflows_current_version_check CHECK (current_version >= 1)
);

CREATE INDEX IF NOT EXISTS workflows_user_id_idx ON public.workflows (user_id);
CREATE INDEX IF NOT EXISTS workflows_organization_id_idx ON public.workflows (organization_id);
CREATE INDEX IF NOT EXISTS workflows_is_active_idx ON public.workflows (is_active);

COMMENT ON TABLE public.workflows IS
    'Workflow definitions, personal (organization_id null) or shared with an organization.';


CREATE TABLE IF NOT EXISTS public.workflow_versions (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    workflow_id    uuid        NOT NULL,
    version        integer     NOT NULL,
    definition     jsonb       NOT NULL,
    change_summary text,
    created_by     uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_versions_pkey PRIMARY KEY (id),
    CONSTRAINT workflow_versions_workflow_id_fkey FOREIGN KEY (workflow_id)
        REFERENCES public.workflows (id) ON DELETE CASCADE,
    CONSTRAINT workflow_versions_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT workflow_versions_version_check CHECK (version >= 1)
);

CREATE UNIQUE INDEX IF NOT EXISTS workflow_versions_workflow_id_version_key
    ON public.workflow_versions (workflow_id, version);

COMMENT ON TABLE public.workflow_versions IS 'Immutable history of workflow definitions.';


CREATE TABLE IF NOT EXISTS public.workflow_executions (
    id            uuid                   NOT NULL DEFAULT gen_random_uuid(),
    workflow_id   uuid                   NOT NULL,
    user_id       uuid,
    status        public.workflow_status NOT NULL DEFAULT 'pending',
    started_at    timestamptz            NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    error_message text,
    input         jsonb                  NOT NULL DEFAULT '{}'::jsonb,
    output        jsonb,
    created_at    timestamptz            NOT NULL DEFAULT now(),
    CONSTRAINT workflow_executions_pkey PRIMARY KEY (id),
    CONSTRAINT workflow_executions_workflow_id_fkey FOREIGN KEY (workflow_id)
        REFERENCES public.workflows (id) ON DELETE CASCADE,
    CONSTRAINT workflow_executions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT workflow_executions_finished_check
        CHECK (finished_at IS NULL OR finished_at >= started_at)
);

CREATE INDEX IF NOT EXISTS workflow_executions_workflow_id_idx
    ON public.workflow_executions (workflow_id);
CREATE INDEX IF NOT EXISTS workflow_executions_status_idx
    ON public.workflow_executions (status);
CREATE INDEX IF NOT EXISTS workflow_executions_started_at_idx
    ON public.workflow_executions (started_at);

COMMENT ON TABLE public.workflow_executions IS 'One row per workflow run (execution log).';
COMMENT ON COLUMN public.workflow_executions.user_id IS 'User who triggered the run; null for scheduled runs.';


-- =============================================================================
-- 6. PRIVACY & COMPLIANCE
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.privacy_prefs (
    id                    uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id               uuid        NOT NULL,
    telemetry_enabled     boolean     NOT NULL DEFAULT false,
    crash_reports_enabled boolean     NOT NULL DEFAULT true,
    share_with_org        boolean     NOT NULL DEFAULT false,
    data_retention_days   integer     NOT NULL DEFAULT 90,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT privacy_prefs_pkey PRIMARY KEY (id),
    CONSTRAINT privacy_prefs_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT privacy_prefs_retention_check CHECK (data_retention_days BETWEEN 1 AND 3650)
);

CREATE UNIQUE INDEX IF NOT EXISTS privacy_prefs_user_id_key ON public.privacy_prefs (user_id);

COMMENT ON TABLE public.privacy_prefs IS 'Per-user privacy preferences. Telemetry is opt-in.';


CREATE TABLE IF NOT EXISTS public.app_allowlist (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    app_id     text        NOT NULL,
    app_name   text,
    is_allowed boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_allowlist_pkey PRIMARY KEY (id),
    CONSTRAINT app_allowlist_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS app_allowlist_user_id_app_id_key
    ON public.app_allowlist (user_id, app_id);

COMMENT ON TABLE public.app_allowlist IS 'Applications the agent may observe, per user.';


CREATE TABLE IF NOT EXISTS public.signal_toggles (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    signal_key text        NOT NULL,
    enabled    boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT signal_toggles_pkey PRIMARY KEY (id),
    CONSTRAINT signal_toggles_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT signal_toggles_signal_key_check CHECK (signal_key ~ '^[a-z][a-z0-9_.]*$')
);

CREATE UNIQUE INDEX IF NOT EXISTS signal_toggles_user_id_signal_key_key
    ON public.signal_toggles (user_id, signal_key);

COMMENT ON TABLE public.signal_toggles IS 'Granular on/off switches for each collected signal.';


CREATE TABLE IF NOT EXISTS public.telemetry_events (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id     uuid,
    app_id      text        NOT NULL,
    event_name  text        NOT NULL,
    properties  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    "timestamp" timestamptz NOT NULL DEFAULT now(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT telemetry_events_pkey PRIMARY KEY (id),
    CONSTRAINT telemetry_events_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS telemetry_events_user_id_timestamp_idx
    ON public.telemetry_events (user_id, "timestamp");
CREATE INDEX IF NOT EXISTS telemetry_events_app_id_idx ON public.telemetry_events (app_id);
CREATE INDEX IF NOT EXISTS telemetry_events_timestamp_idx ON public.telemetry_events ("timestamp");

COMMENT ON TABLE public.telemetry_events IS
    'Privacy-first product telemetry; only collected when privacy_prefs.telemetry_enabled.';


CREATE TABLE IF NOT EXISTS public.privacy_transparency_log (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL,
    action        text        NOT NULL,
    data_category text        NOT NULL,
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT privacy_transparency_log_pkey PRIMARY KEY (id),
    CONSTRAINT privacy_transparency_log_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT privacy_transparency_log_action_check
        CHECK (action IN ('collected', 'exported', 'deleted', 'shared', 'consent_changed'))
);

CREATE INDEX IF NOT EXISTS privacy_transparency_log_user_id_created_at_idx
    ON public.privacy_transparency_log (user_id, created_at);

COMMENT ON TABLE public.privacy_transparency_log IS
    'What was done with a user''s data, and when (shown in the privacy dashboard).';


CREATE TABLE IF NOT EXISTS public.audit_logs (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id         uuid,
    organization_id uuid,
    action          text        NOT NULL,
    resource_type   text,
    resource_id     uuid,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ip_address      inet,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id),
    CONSTRAINT audit_logs_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT audit_logs_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES public.organizations (id) ON DELETE SET NULL
);

CREATE INDEX IF NOT EXISTS audit_logs_user_id_idx ON public.audit_logs (user_id);
CREATE INDEX IF NOT EXISTS audit_logs_organization_id_created_at_idx
    ON public.audit_logs (organization_id, created_at);

COMMENT ON TABLE public.audit_logs IS 'General audit trail (security-relevant actions).';


CREATE TABLE IF NOT EXISTS public.retention_policies (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL,
    data_category   text        NOT NULL,
    retention_days  integer     NOT NULL,
    is_active       boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT retention_policies_pkey PRIMARY KEY (id),
    CONSTRAINT retention_policies_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES public.organizations (id) ON DELETE CASCADE,
    CONSTRAINT retention_policies_retention_days_check CHECK (retention_days > 0)
);

CREATE UNIQUE INDEX IF NOT EXISTS retention_policies_organization_id_data_category_key
    ON public.retention_policies (organization_id, data_category);

COMMENT ON TABLE public.retention_policies IS 'Data retention rules per organization and data category.';


-- =============================================================================
-- 7. BILLING & SUBSCRIPTIONS
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.subscriptions (
    id                     uuid                       NOT NULL DEFAULT gen_random_uuid(),
    user_id                uuid                       NOT NULL,
    organization_id        uuid,
    plan                   text                       NOT NULL,
    status                 public.subscription_status NOT NULL DEFAULT 'trialing',
    stripe_customer_id     text,
    stripe_subscription_id text,
    current_period_start   timestamptz,
    current_period_end     timestamptz,
    cancel_at_period_end   boolean                    NOT NULL DEFAULT false,
    created_at             timestamptz                NOT NULL DEFAULT now(),
    updated_at             timestamptz                NOT NULL DEFAULT now(),
    CONSTRAINT subscriptions_pkey PRIMARY KEY (id),
    CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT subscriptions_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES public.organizations (id) ON DELETE SET NULL,
    CONSTRAINT subscriptions_period_check
        CHECK (current_period_end IS NULL OR current_period_end > current_period_start)
);

CREATE UNIQUE INDEX IF NOT EXISTS subscriptions_stripe_subscription_id_key
    ON public.subscriptions (stripe_subscription_id);
CREATE INDEX IF NOT EXISTS subscriptions_user_id_idx ON public.subscriptions (user_id);

COMMENT ON TABLE public.subscriptions IS 'Paid plans, kept in sync by the Stripe webhook (service_role).';


CREATE TABLE IF NOT EXISTS public.offers (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    code             varchar(32) NOT NULL,
    name             text        NOT NULL,
    description      text,
    discount_percent integer     NOT NULL DEFAULT 0,
    price_cents      integer,
    currency         char(3)     NOT NULL DEFAULT 'usd',
    is_active        boolean     NOT NULL DEFAULT true,
    valid_from       timestamptz NOT NULL DEFAULT now(),
    valid_until      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT offers_pkey PRIMARY KEY (id),
    CONSTRAINT offers_discount_percent_check CHECK (discount_percent BETWEEN 0 AND 100),
    CONSTRAINT offers_price_cents_check CHECK (price_cents IS NULL OR price_cents >= 0)
);

CREATE UNIQUE INDEX IF NOT EXISTS offers_code_key ON public.offers (code);

COMMENT ON TABLE public.offers IS 'Pricing offers shown on the public pricing page.';


CREATE TABLE IF NOT EXISTS public.feature_flags (
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    key                text        NOT NULL,
    description        text,
    enabled            boolean     NOT NULL DEFAULT false,
    rollout_percentage integer     NOT NULL DEFAULT 0,
    conditions         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT feature_flags_pkey PRIMARY KEY (id),
    CONSTRAINT feature_flags_rollout_percentage_check CHECK (rollout_percentage BETWEEN 0 AND 100)
);

CREATE UNIQUE INDEX IF NOT EXISTS feature_flags_key_key ON public.feature_flags (key);

COMMENT ON TABLE public.feature_flags IS 'Feature flags; readable by everyone, written by service_role.';


-- =============================================================================
-- 8. ANALYTICS
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.utm_tracks (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid,
    utm_source   text,
    utm_medium   text,
    utm_campaign text,
    utm_term     text,
    utm_content  text,
    landing_page text,
    referrer     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT utm_tracks_pkey PRIMARY KEY (id),
    CONSTRAINT utm_tracks_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE SET NULL
);

CREATE INDEX IF NOT EXISTS utm_tracks_user_id_idx ON public.utm_tracks (user_id);
CREATE INDEX IF NOT EXISTS utm_tracks_utm_campaign_idx ON public.utm_tracks (utm_campaign);

COMMENT ON TABLE public.utm_tracks IS 'Attribution of visits and sign-ups (anonymous until sign-up).';


CREATE TABLE IF NOT EXISTS public.cohorts (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    description text,
    definition  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    cohort_date date        NOT NULL,
    user_count  integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cohorts_pkey PRIMARY KEY (id),
    CONSTRAINT cohorts_user_count_check CHECK (user_count >= 0)
);

CREATE UNIQUE INDEX IF NOT EXISTS cohorts_name_cohort_date_key ON public.cohorts (name, cohort_date);

COMMENT ON TABLE public.cohorts IS 'Cohort analysis snapshots, computed nightly.';


CREATE TABLE IF NOT EXISTS public.metrics_log (
    id           uuid             NOT NULL DEFAULT gen_random_uuid(),
    metric_name  text             NOT NULL,
    metric_value double precision NOT NULL,
    tags         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    recorded_at  timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT metrics_log_pkey PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS metrics_log_metric_name_recorded_at_idx
    ON public.metrics_log (metric_name, recorded_at);

COMMENT ON TABLE public.metrics_log IS 'System metrics written by backend jobs.';


-- nps_submissions is also created by 20250120000000_nps_submissions.sql, with
-- the same definition; both are idempotent, so either order works.
CREATE TABLE IF NOT EXISTS public.nps_submissions (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    score      integer     NOT NULL,
    comment    text,
    source     text        NOT NULL DEFAULT 'in_app',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nps_submissions_pkey PRIMARY KEY (id),
    CONSTRAINT nps_submissions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT nps_submissions_score_check CHECK (score BETWEEN 0 AND 10),
    CONSTRAINT nps_submissions_source_check CHECK (source IN ('in_app', 'email', 'web'))
);

CREATE INDEX IF NOT EXISTS nps_submissions_user_id_idx ON public.nps_submissions (user_id);
CREATE INDEX IF NOT EXISTS nps_submissions_created_at_idx ON public.nps_submissions (created_at);

COMMENT ON TABLE public.nps_submissions IS 'NPS survey responses (score 0-10).';


-- =============================================================================
-- 9. INTEGRATIONS
-- =============================================================================

CREATE TABLE IF NOT EXISTS public.user_integrations (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id             uuid        NOT NULL,
    provider            text        NOT NULL,
    external_account_id text,
    scopes              jsonb       NOT NULL DEFAULT '[]'::jsonb,
    is_active           boolean     NOT NULL DEFAULT true,
    connected_at        timestamptz NOT NULL DEFAULT now(),
    last_synced_at      timestamptz,
    metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_integrations_pkey PRIMARY KEY (id),
    CONSTRAINT user_integrations_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT user_integrations_provider_check
        CHECK (provider IN ('github', 'gitlab', 'slack', 'google_drive', 'dropbox', 'notion'))
);

CREATE UNIQUE INDEX IF NOT EXISTS user_integrations_user_id_provider_key
    ON public.user_integrations (user_id, provider);

COMMENT ON TABLE public.user_integrations IS
    'Third-party integrations. Tokens live in Vault, never in this table.';


-- =============================================================================
-- 10. HELPER & UPSERT FUNCTIONS
-- =============================================================================

-- Membership checks used by RLS policies. SECURITY DEFINER so that policies on
-- organization_members can call them without recursing into their own RLS.
CREATE OR REPLACE FUNCTION public.is_org_member(org uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.organization_members m
        WHERE m.organization_id = org
          AND m.user_id = (SELECT auth.uid())
    );
$$;

COMMENT ON FUNCTION public.is_org_member(uuid) IS
    'True when the calling user (auth.uid()) belongs to the organization.';

CREATE OR REPLACE FUNCTION public.is_org_admin(org uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.organization_members m
        WHERE m.organization_id = org
          AND m.user_id = (SELECT auth.uid())
          AND m.role IN ('owner', 'admin')
    );
$$;

COMMENT ON FUNCTION public.is_org_admin(uuid) IS
    'True when the calling user is an owner or admin of the organization.';


CREATE OR REPLACE FUNCTION public.upsert_privacy_prefs(
    p_telemetry_enabled     boolean DEFAULT NULL,
    p_crash_reports_enabled boolean DEFAULT NULL,
    p_share_with_org        boolean DEFAULT NULL,
    p_data_retention_days   integer DEFAULT NULL
)
RETURNS public.privacy_prefs
LANGUAGE plpgsql
-- DEFINER: also appends to privacy_transparency_log, which users cannot write.
-- Safe because every row written is keyed by auth.uid().
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
    v_user_id uuid := auth.uid();
    v_row     public.privacy_prefs;
BEGIN
    IF v_user_id IS NULL THEN
        RAISE EXCEPTION 'not authenticated' USING ERRCODE = '28000';
    END IF;

    INSERT INTO public.privacy_prefs AS p (
        user_id, telemetry_enabled, crash_reports_enabled, share_with_org, data_retention_days
    )
    VALUES (
        v_user_id,
        coalesce(p_telemetry_enabled, false),
        coalesce(p_crash_reports_enabled, true),
        coalesce(p_share_with_org, false),
        coalesce(p_data_retention_days, 90)
    )
    ON CONFLICT (user_id) DO UPDATE SET
        telemetry_enabled     = coalesce(p_telemetry_enabled, p.telemetry_enabled),
        crash_reports_enabled = coalesce(p_crash_reports_enabled, p.crash_reports_enabled),
        share_with_org        = coalesce(p_share_with_org, p.share_with_org),
        data_retention_days   = coalesce(p_data_retention_days, p.data_retention_days)
    RETURNING * INTO v_row;

    INSERT INTO public.privacy_transparency_log (user_id, action, data_category, details)
    VALUES (v_user_id, 'consent_changed', 'privacy_prefs', to_jsonb(v_row));

    RETURN v_row;
END;
$$;

COMMENT ON FUNCTION public.upsert_privacy_prefs(boolean, boolean, boolean, integer) IS
    'Creates or updates the caller''s privacy preferences; NULL arguments keep the current value.';


CREATE OR REPLACE FUNCTION public.upsert_signal_toggle(p_signal_key text, p_enabled boolean)
RETURNS public.signal_toggles
LANGUAGE sql
SET search_path = ''
AS $$
    INSERT INTO public.signal_toggles (user_id, signal_key, enabled)
    VALUES ((SELECT auth.uid()), p_signal_key, p_enabled)
    ON CONFLICT (user_id, signal_key) DO UPDATE SET enabled = EXCLUDED.enabled
    RETURNING *;
$$;


CREATE OR REPLACE FUNCTION public.upsert_app_allowlist(
    p_app_id     text,
    p_app_name   text    DEFAULT NULL,
    p_is_allowed boolean DEFAULT true
)
RETURNS public.app_allowlist
LANGUAGE sql
SET search_path = ''
AS $$
    INSERT INTO public.app_allowlist AS a (user_id, app_id, app_name, is_allowed)
    VALUES ((SELECT auth.uid()), p_app_id, p_app_name, p_is_allowed)
    ON CONFLICT (user_id, app_id) DO UPDATE SET
        app_name   = coalesce(EXCLUDED.app_name, a.app_name),
        is_allowed = EXCLUDED.is_allowed
    RETURNING *;
$$;


CREATE OR REPLACE FUNCTION public.upsert_pattern(
    p_file_extension text,
    p_app_id         text DEFAULT NULL,
    p_pattern_type   text DEFAULT 'usage'
)
RETURNS public.patterns
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    v_row public.patterns;
BEGIN
    INSERT INTO public.patterns AS p (user_id, file_extension, app_id, pattern_type)
    VALUES ((SELECT auth.uid()), lower(p_file_extension), p_app_id, p_pattern_type)
    ON CONFLICT (user_id, file_extension) DO UPDATE SET
        frequency    = p.frequency + 1,
        app_id       = coalesce(EXCLUDED.app_id, p.app_id),
        last_seen_at = now(),
        -- confidence grows with evidence, saturating at 1
        confidence   = least(1, round((1 - 1.0 / (p.frequency + 2))::numeric, 4))
    RETURNING * INTO v_row;
    RETURN v_row;
END;
$$;

COMMENT ON FUNCTION public.upsert_pattern(text, text, text) IS
    'Records one more observation of a file extension for the caller.';


-- =============================================================================
-- 11. updated_at TRIGGERS
-- =============================================================================

CREATE OR REPLACE TRIGGER users_set_updated_at
    BEFORE UPDATE ON public.users
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER patterns_set_updated_at
    BEFORE UPDATE ON public.patterns
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER relationships_set_updated_at
    BEFORE UPDATE ON public.relationships
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER organizations_set_updated_at
    BEFORE UPDATE ON public.organizations
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER workflows_set_updated_at
    BEFORE UPDATE ON public.workflows
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER privacy_prefs_set_updated_at
    BEFORE UPDATE ON public.privacy_prefs
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER app_allowlist_set_updated_at
    BEFORE UPDATE ON public.app_allowlist
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER signal_toggles_set_updated_at
    BEFORE UPDATE ON public.signal_toggles
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER retention_policies_set_updated_at
    BEFORE UPDATE ON public.retention_policies
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER subscriptions_set_updated_at
    BEFORE UPDATE ON public.subscriptions
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER feature_flags_set_updated_at
    BEFORE UPDATE ON public.feature_flags
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER cohorts_set_updated_at
    BEFORE UPDATE ON public.cohorts
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE OR REPLACE TRIGGER user_integrations_set_updated_at
    BEFORE UPDATE ON public.user_integrations
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


-- =============================================================================
-- 12. ROW LEVEL SECURITY
-- =============================================================================
-- Principles
--   * RLS is enabled on every table in public.
--   * Users can only access their own rows ((select auth.uid()) = user_id; the
--     sub-select makes PostgreSQL evaluate auth.uid() once per statement).
--   * Organization members can read their organization's rows; owners and
--     admins may change them (public.is_org_member / public.is_org_admin).
--   * feature_flags and active offers are public (anon and authenticated).
--   * Everything else is written by the backend with service_role (BYPASSRLS).

ALTER TABLE public.users                    ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sessions                 ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.mfa_enforced_sessions    ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.events                   ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.patterns                 ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.relationships            ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.organizations            ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.organization_members     ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflows                ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflow_versions        ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflow_executions      ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.privacy_prefs            ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.app_allowlist            ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.signal_toggles           ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.telemetry_events         ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.privacy_transparency_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_logs               ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.retention_policies       ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.subscriptions            ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.offers                   ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feature_flags            ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.utm_tracks               ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.cohorts                  ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.metrics_log              ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.nps_submissions          ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_integrations        ENABLE ROW LEVEL SECURITY;

-- metrics_log: written and read by backend jobs only (service_role); no
-- policy on purpose.

-- users ----------------------------------------------------------------------
DROP POLICY IF EXISTS "Users can view own profile" ON public.users;
CREATE POLICY "Users can view own profile" ON public.users
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = id);

DROP POLICY IF EXISTS "Members can view profiles of fellow members" ON public.users;
CREATE POLICY "Members can view profiles of fellow members" ON public.users
    FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1
        FROM public.organization_members mine
        JOIN public.organization_members theirs
          ON theirs.organization_id = mine.organization_id
        WHERE mine.user_id = (SELECT auth.uid())
          AND theirs.user_id = users.id
    ));

DROP POLICY IF EXISTS "Users can insert own profile" ON public.users;
CREATE POLICY "Users can insert own profile" ON public.users
    FOR INSERT TO authenticated
    WITH CHECK ((SELECT auth.uid()) = id);

DROP POLICY IF EXISTS "Users can update own profile" ON public.users;
CREATE POLICY "Users can update own profile" ON public.users
    FOR UPDATE TO authenticated
    USING ((SELECT auth.uid()) = id)
    WITH CHECK ((SELECT auth.uid()) = id);

-- sessions & MFA ---------------------------------------------------------------
DROP POLICY IF EXISTS "Users can view own sessions" ON public.sessions;
CREATE POLICY "Users can view own sessions" ON public.sessions
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can revoke own sessions" ON public.sessions;
CREATE POLICY "Users can revoke own sessions" ON public.sessions
    FOR DELETE TO authenticated
    USING ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can view own MFA sessions" ON public.mfa_enforced_sessions;
CREATE POLICY "Users can view own MFA sessions" ON public.mfa_enforced_sessions
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = user_id);

-- events, patterns, relationships ----------------------------------------------
-- NOTE: this policy still calls auth.uid() per row (not wrapped in a
-- sub-select); left as it was consolidated from 20240101000002.
DROP POLICY IF EXISTS "Users can view own events" ON public.events;
CREATE POLICY "Users can view own events" ON public.events
    FOR SELECT TO authenticated
    USING (auth.uid() = user_id);

DROP POLICY IF EXISTS "Users can insert own events" ON public.events;
CREATE POLICY "Users can insert own events" ON public.events
    FOR INSERT TO authenticated
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can delete own events" ON public.events;
CREATE POLICY "Users can delete own events" ON public.events
    FOR DELETE TO authenticated
    USING ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can manage own patterns" ON public.patterns;
CREATE POLICY "Users can manage own patterns" ON public.patterns
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can manage own relationships" ON public.relationships;
CREATE POLICY "Users can manage own relationships" ON public.relationships
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);

-- organizations & members ------------------------------------------------------
DROP POLICY IF EXISTS "Members can view their organizations" ON public.organizations;
CREATE POLICY "Members can view their organizations" ON public.organizations
    FOR SELECT TO authenticated
    USING (owner_id = (SELECT auth.uid()) OR public.is_org_member(id));

DROP POLICY IF EXISTS "Users can create organizations they own" ON public.organizations;
CREATE POLICY "Users can create organizations they own" ON public.organizations
    FOR INSERT TO authenticated
    WITH CHECK (owner_id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "Admins can update their organizations" ON public.organizations;
CREATE POLICY "Admins can update their organizations" ON public.organizations
    FOR UPDATE TO authenticated
    USING (public.is_org_admin(id))
    WITH CHECK (public.is_org_admin(id));

DROP POLICY IF EXISTS "Owners can delete their organizations" ON public.organizations;
CREATE POLICY "Owners can delete their organizations" ON public.organizations
    FOR DELETE TO authenticated
    USING (owner_id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "Members can view memberships" ON public.organization_members;
CREATE POLICY "Members can view memberships" ON public.organization_members
    FOR SELECT TO authenticated
    USING (public.is_org_member(organization_id));

DROP POLICY IF EXISTS "Admins can add members" ON public.organization_members;
CREATE POLICY "Admins can add members" ON public.organization_members
    FOR INSERT TO authenticated
    WITH CHECK (
        public.is_org_admin(organization_id)
        -- the owner bootstraps the first membership of a new organization
        OR (
            user_id = (SELECT auth.uid())
            AND EXISTS (
                SELECT 1 FROM public.organizations o
                WHERE o.id = organization_id AND o.owner_id = (SELECT auth.uid())
            )
        )
    );

DROP POLICY IF EXISTS "Admins can change member roles" ON public.organization_members;
CREATE POLICY "Admins can change member roles" ON public.organization_members
    FOR UPDATE TO authenticated
    USING (public.is_org_admin(organization_id))
    WITH CHECK (public.is_org_admin(organization_id));

DROP POLICY IF EXISTS "Admins can remove members, members can leave" ON public.organization_members;
CREATE POLICY "Admins can remove members, members can leave" ON public.organization_members
    FOR DELETE TO authenticated
    USING (public.is_org_admin(organization_id) OR user_id = (SELECT auth.uid()));

-- workflows --------------------------------------------------------------------
DROP POLICY IF EXISTS "Users can view own and organization workflows" ON public.workflows;
CREATE POLICY "Users can view own and organization workflows" ON public.workflows
    FOR SELECT TO authenticated
    USING (
        user_id = (SELECT auth.uid())
        OR (organization_id IS NOT NULL AND public.is_org_member(organization_id))
    );

DROP POLICY IF EXISTS "Users can create workflows" ON public.workflows;
CREATE POLICY "Users can create workflows" ON public.workflows
    FOR INSERT TO authenticated
    WITH CHECK (
        user_id = (SELECT auth.uid())
        AND (organization_id IS NULL OR public.is_org_member(organization_id))
    );

DROP POLICY IF EXISTS "Owners and org admins can update workflows" ON public.workflows;
CREATE POLICY "Owners and org admins can update workflows" ON public.workflows
    FOR UPDATE TO authenticated
    USING (
        user_id = (SELECT auth.uid())
        OR (organization_id IS NOT NULL AND public.is_org_admin(organization_id))
    )
    WITH CHECK (
        user_id = (SELECT auth.uid())
        OR (organization_id IS NOT NULL AND public.is_org_admin(organization_id))
    );

DROP POLICY IF EXISTS "Users can delete own workflows" ON public.workflows;
CREATE POLICY "Users can delete own workflows" ON public.workflows
    FOR DELETE TO authenticated
    USING (user_id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "Users can view versions of visible workflows" ON public.workflow_versions;
CREATE POLICY "Users can view versions of visible workflows" ON public.workflow_versions
    FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1 FROM public.workflows w WHERE w.id = workflow_versions.workflow_id
    ));

DROP POLICY IF EXISTS "Users can add versions to own workflows" ON public.workflow_versions;
CREATE POLICY "Users can add versions to own workflows" ON public.workflow_versions
    FOR INSERT TO authenticated
    WITH CHECK (
        created_by = (SELECT auth.uid())
        AND EXISTS (
            SELECT 1 FROM public.workflows w
            WHERE w.id = workflow_id AND w.user_id = (SELECT auth.uid())
        )
    );

DROP POLICY IF EXISTS "Users can view executions of visible workflows" ON public.workflow_executions;
CREATE POLICY "Users can view executions of visible workflows" ON public.workflow_executions
    FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1 FROM public.workflows w WHERE w.id = workflow_executions.workflow_id
    ));

DROP POLICY IF EXISTS "Users can start executions of visible workflows" ON public.workflow_executions;
CREATE POLICY "Users can start executions of visible workflows" ON public.workflow_executions
    FOR INSERT TO authenticated
    WITH CHECK (
        user_id = (SELECT auth.uid())
        AND EXISTS (SELECT 1 FROM public.workflows w WHERE w.id = workflow_id)
    );

DROP POLICY IF EXISTS "Users can update own executions" ON public.workflow_executions;
CREATE POLICY "Users can update own executions" ON public.workflow_executions
    FOR UPDATE TO authenticated
    USING (user_id = (SELECT auth.uid()))
    WITH CHECK (user_id = (SELECT auth.uid()));

-- privacy ----------------------------------------------------------------------
DROP POLICY IF EXISTS "Users can manage own privacy prefs" ON public.privacy_prefs;
CREATE POLICY "Users can manage own privacy prefs" ON public.privacy_prefs
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can manage own app allowlist" ON public.app_allowlist;
CREATE POLICY "Users can manage own app allowlist" ON public.app_allowlist
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can manage own signal toggles" ON public.signal_toggles;
CREATE POLICY "Users can manage own signal toggles" ON public.signal_toggles
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can view own telemetry" ON public.telemetry_events;
CREATE POLICY "Users can view own telemetry" ON public.telemetry_events
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can send own telemetry" ON public.telemetry_events;
CREATE POLICY "Users can send own telemetry" ON public.telemetry_events
    FOR INSERT TO authenticated
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can view own transparency log" ON public.privacy_transparency_log;
CREATE POLICY "Users can view own transparency log" ON public.privacy_transparency_log
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users and org admins can view audit logs" ON public.audit_logs;
CREATE POLICY "Users and org admins can view audit logs" ON public.audit_logs
    FOR SELECT TO authenticated
    USING (
        user_id = (SELECT auth.uid())
        OR (organization_id IS NOT NULL AND public.is_org_admin(organization_id))
    );

-- Client-side audit events (consolidated from 2025-11-05_trust_audit.sql).
DROP POLICY IF EXISTS "Authenticated users can write audit logs" ON public.audit_logs;
CREATE POLICY "Authenticated users can write audit logs" ON public.audit_logs
    FOR INSERT TO authenticated
    WITH CHECK (true);

DROP POLICY IF EXISTS "Members can view retention policies" ON public.retention_policies;
CREATE POLICY "Members can view retention policies" ON public.retention_policies
    FOR SELECT TO authenticated
    USING (public.is_org_member(organization_id));

DROP POLICY IF EXISTS "Admins can manage retention policies" ON public.retention_policies;
CREATE POLICY "Admins can manage retention policies" ON public.retention_policies
    FOR ALL TO authenticated
    USING (public.is_org_admin(organization_id))
    WITH CHECK (public.is_org_admin(organization_id));

-- billing ----------------------------------------------------------------------
DROP POLICY IF EXISTS "Users can view own subscriptions" ON public.subscriptions;
CREATE POLICY "Users can view own subscriptions" ON public.subscriptions
    FOR SELECT TO authenticated
    USING (
        user_id = (SELECT auth.uid())
        OR (organization_id IS NOT NULL AND public.is_org_admin(organization_id))
    );

DROP POLICY IF EXISTS "Anyone can view active offers" ON public.offers;
CREATE POLICY "Anyone can view active offers" ON public.offers
    FOR SELECT TO anon, authenticated
    USING (is_active AND (valid_until IS NULL OR valid_until > now()));

DROP POLICY IF EXISTS "Anyone can read feature flags" ON public.feature_flags;
CREATE POLICY "Anyone can read feature flags" ON public.feature_flags
    FOR SELECT TO anon, authenticated
    USING (true);

-- analytics --------------------------------------------------------------------
DROP POLICY IF EXISTS "Anyone can record a visit" ON public.utm_tracks;
CREATE POLICY "Anyone can record a visit" ON public.utm_tracks
    FOR INSERT TO anon, authenticated
    WITH CHECK (user_id IS NULL OR user_id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "Users can view own attribution" ON public.utm_tracks;
CREATE POLICY "Users can view own attribution" ON public.utm_tracks
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "Service role manages cohorts" ON public.cohorts;
CREATE POLICY "Service role manages cohorts" ON public.cohorts
    FOR ALL TO service_role
    USING (true)
    WITH CHECK (true);

DROP POLICY IF EXISTS "Users can submit NPS" ON public.nps_submissions;
CREATE POLICY "Users can submit NPS" ON public.nps_submissions
    FOR INSERT TO authenticated
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can view own NPS submissions" ON public.nps_submissions;
CREATE POLICY "Users can view own NPS submissions" ON public.nps_submissions
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = user_id);

-- integrations -----------------------------------------------------------------
DROP POLICY IF EXISTS "Users can manage own integrations" ON public.user_integrations;
CREATE POLICY "Users can manage own integrations" ON public.user_integrations
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);


-- =============================================================================
-- 13. GRANTS
-- =============================================================================
-- Supabase's defaults, restated so the schema does not depend on the default
-- privileges of whoever runs it. RLS does the filtering.

GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO anon, authenticated, service_role;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA public TO anon, authenticated, service_role;
