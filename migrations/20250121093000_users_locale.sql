-- migrate:up
-- Store the user's preferred locale (BCP 47 tag, e.g. "en-US", "fr-FR") so
-- e-mails and the desktop agent can be localized. NULL = follow the OS.

ALTER TABLE public.users ADD COLUMN locale text;

COMMENT ON COLUMN public.users.locale IS 'Preferred locale (BCP 47), NULL = follow the OS.';

CREATE INDEX users_locale_idx ON public.users (locale);

-- migrate:down

DROP INDEX public.users_locale_idx;

ALTER TABLE public.users DROP COLUMN locale;
