-- Initial schema: users, sessions, file tracking, orgs, workflows (archived).
CREATE TABLE IF NOT EXISTS public.users (
    id         uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    email      text NOT NULL UNIQUE,
    full_name  text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    token      text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.events (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    event_type     text NOT NULL,
    file_path      text NOT NULL,
    file_extension text,
    "timestamp"    timestamptz NOT NULL DEFAULT now(),
    metadata       jsonb DEFAULT '{}'::jsonb
);

CREATE TABLE IF NOT EXISTS public.patterns (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    file_extension text NOT NULL,
    frequency      integer NOT NULL DEFAULT 1,
    confidence     numeric(5,4) DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, file_extension)
);

CREATE TABLE IF NOT EXISTS public.relationships (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id           uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    source_path       text NOT NULL,
    target_path       text NOT NULL,
    relationship_type text NOT NULL DEFAULT 'co_edited',
    strength          double precision DEFAULT 0
);

CREATE TABLE IF NOT EXISTS public.organizations (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    slug       text NOT NULL UNIQUE,
    owner_id   uuid NOT NULL REFERENCES public.users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.organization_members (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    role            text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    UNIQUE (organization_id, user_id)
);

CREATE TABLE IF NOT EXISTS public.workflows (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    organization_id uuid REFERENCES public.organizations (id) ON DELETE CASCADE,
    name            text NOT NULL,
    definition      jsonb NOT NULL DEFAULT '{}'::jsonb,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.workflow_executions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id uuid NOT NULL REFERENCES public.workflows (id) ON DELETE CASCADE,
    status      text NOT NULL DEFAULT 'pending',
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
