-- workbench stand-in for pg_jsonschema 0.3.3: json_matches_schema, jsonb_matches_schema,
-- jsonschema_is_valid, jsonschema_validation_errors.
-- Validates this subset of JSON Schema exactly: boolean schemas, type (incl. integer and
-- type arrays), enum, const, properties, required, additionalProperties,
-- patternProperties, minProperties, maxProperties, propertyNames, dependentRequired,
-- items (a schema, or an array as in draft 4-7), prefixItems, additionalItems,
-- minItems, maxItems, uniqueItems, contains, minimum, maximum, exclusiveMinimum,
-- exclusiveMaximum (numbers, and draft 4 booleans), multipleOf, minLength, maxLength,
-- pattern (PostgreSQL regular expressions), allOf, anyOf, oneOf, not, if/then/else and
-- local $ref ("#", "#/$defs/...", "#/definitions/..."). Ignored: format, remote $ref,
-- $dynamicRef, unevaluated*, content*.

\echo Use "CREATE EXTENSION pg_jsonschema" to load this file. \quit

CREATE FUNCTION _wb_errors(schema jsonb, instance jsonb, root jsonb, path text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  errors text[] := '{}';
  t text := pg_catalog.jsonb_typeof(instance);
  types jsonb;
  k text;
  v jsonb;
  sub jsonb;
  n int;
  i int;
  matched int;
  ref text;
  covered boolean;
BEGIN
  IF schema IS NULL OR schema = 'true'::jsonb OR schema = '{}'::jsonb THEN
    RETURN errors;
  ELSIF schema = 'false'::jsonb THEN
    RETURN ARRAY[path || ': no value is allowed here'];
  ELSIF pg_catalog.jsonb_typeof(schema) <> 'object' THEN
    RETURN ARRAY[path || ': the schema is not an object or a boolean'];
  END IF;

  IF schema ? '$ref' THEN
    ref := schema->>'$ref';
    IF ref = '#' THEN
      errors := errors || @extschema@._wb_errors(root, instance, root, path);
    ELSIF ref LIKE '#/%' THEN
      sub := root #> pg_catalog.string_to_array(pg_catalog.replace(pg_catalog.replace(
               pg_catalog.substr(ref, 3), '~1', '/'), '~0', '~'), '/');
      IF sub IS NULL THEN
        RETURN ARRAY[path || ': unresolved $ref ' || ref];
      END IF;
      errors := errors || @extschema@._wb_errors(sub, instance, root, path);
    END IF;
  END IF;

  IF schema ? 'type' THEN
    types := CASE WHEN pg_catalog.jsonb_typeof(schema->'type') = 'array' THEN schema->'type'
                  ELSE pg_catalog.jsonb_build_array(schema->'type') END;
    IF NOT (types ? t
            OR (t = 'number' AND types ? 'integer' AND (instance::text)::numeric % 1 = 0)) THEN
      errors := errors || (path || ': ' || instance::text || ' is not of type ' || (schema->'type')::text);
    END IF;
  END IF;

  IF schema ? 'enum' AND NOT EXISTS (
       SELECT FROM pg_catalog.jsonb_array_elements(schema->'enum') AS e WHERE e = instance) THEN
    errors := errors || (path || ': ' || instance::text || ' is not one of ' || (schema->'enum')::text);
  END IF;
  IF schema ? 'const' AND schema->'const' <> instance THEN
    errors := errors || (path || ': ' || instance::text || ' is not ' || (schema->'const')::text);
  END IF;

  IF t = 'object' THEN
    FOR k IN SELECT pg_catalog.jsonb_array_elements_text(coalesce(schema->'required', '[]')) LOOP
      IF NOT instance ? k THEN
        errors := errors || (path || ': "' || k || '" is a required property');
      END IF;
    END LOOP;
    FOR k, v IN SELECT * FROM pg_catalog.jsonb_each(instance) LOOP
      covered := false;
      IF schema->'properties' ? k THEN
        covered := true;
        errors := errors || @extschema@._wb_errors(schema->'properties'->k, v, root, path || '/' || k);
      END IF;
      FOR ref, sub IN SELECT * FROM pg_catalog.jsonb_each(coalesce(schema->'patternProperties', '{}')) LOOP
        IF k ~ ref THEN
          covered := true;
          errors := errors || @extschema@._wb_errors(sub, v, root, path || '/' || k);
        END IF;
      END LOOP;
      IF NOT covered AND schema ? 'additionalProperties' THEN
        IF schema->'additionalProperties' = 'false'::jsonb THEN
          errors := errors || (path || ': additional property "' || k || '" is not allowed');
        ELSE
          errors := errors || @extschema@._wb_errors(schema->'additionalProperties', v, root, path || '/' || k);
        END IF;
      END IF;
      IF schema ? 'propertyNames' THEN
        errors := errors || @extschema@._wb_errors(schema->'propertyNames', pg_catalog.to_jsonb(k), root, path || '/' || k);
      END IF;
      IF schema->'dependentRequired' ? k THEN
        FOR ref IN SELECT pg_catalog.jsonb_array_elements_text(schema->'dependentRequired'->k) LOOP
          IF NOT instance ? ref THEN
            errors := errors || (path || ': "' || ref || '" is required when "' || k || '" is present');
          END IF;
        END LOOP;
      END IF;
    END LOOP;
    n := (SELECT count(*) FROM pg_catalog.jsonb_object_keys(instance));
    IF n < (schema->>'minProperties')::numeric THEN
      errors := errors || (path || ': fewer than ' || (schema->>'minProperties') || ' properties');
    END IF;
    IF n > (schema->>'maxProperties')::numeric THEN
      errors := errors || (path || ': more than ' || (schema->>'maxProperties') || ' properties');
    END IF;
  END IF;

  IF t = 'array' THEN
    n := pg_catalog.jsonb_array_length(instance);
    FOR i IN 0..n - 1 LOOP
      v := instance->i;
      IF pg_catalog.jsonb_typeof(schema->'prefixItems') = 'array'
         AND i < pg_catalog.jsonb_array_length(schema->'prefixItems') THEN
        errors := errors || @extschema@._wb_errors(schema->'prefixItems'->i, v, root, path || '/' || i);
      ELSIF pg_catalog.jsonb_typeof(schema->'items') = 'array' THEN
        IF i < pg_catalog.jsonb_array_length(schema->'items') THEN
          errors := errors || @extschema@._wb_errors(schema->'items'->i, v, root, path || '/' || i);
        ELSIF schema ? 'additionalItems' THEN
          errors := errors || @extschema@._wb_errors(schema->'additionalItems', v, root, path || '/' || i);
        END IF;
      ELSIF schema ? 'items' THEN
        errors := errors || @extschema@._wb_errors(schema->'items', v, root, path || '/' || i);
      END IF;
    END LOOP;
    IF n < (schema->>'minItems')::numeric THEN
      errors := errors || (path || ': fewer than ' || (schema->>'minItems') || ' items');
    END IF;
    IF n > (schema->>'maxItems')::numeric THEN
      errors := errors || (path || ': more than ' || (schema->>'maxItems') || ' items');
    END IF;
    IF schema->'uniqueItems' = 'true'::jsonb
       AND (SELECT count(DISTINCT e) FROM pg_catalog.jsonb_array_elements(instance) AS e) < n THEN
      errors := errors || (path || ': items are not unique');
    END IF;
    IF schema ? 'contains' AND NOT EXISTS (
         SELECT FROM pg_catalog.jsonb_array_elements(instance) AS e
         WHERE pg_catalog.cardinality(@extschema@._wb_errors(schema->'contains', e, root, path)) = 0) THEN
      errors := errors || (path || ': no item matches "contains"');
    END IF;
  END IF;

  IF t = 'number' THEN
    IF (instance::text)::numeric < (schema->>'minimum')::numeric
       OR (schema->'exclusiveMinimum' = 'true'::jsonb AND (instance::text)::numeric <= (schema->>'minimum')::numeric) THEN
      errors := errors || (path || ': ' || instance::text || ' is less than the minimum ' || (schema->>'minimum'));
    END IF;
    IF (instance::text)::numeric > (schema->>'maximum')::numeric
       OR (schema->'exclusiveMaximum' = 'true'::jsonb AND (instance::text)::numeric >= (schema->>'maximum')::numeric) THEN
      errors := errors || (path || ': ' || instance::text || ' is greater than the maximum ' || (schema->>'maximum'));
    END IF;
    IF pg_catalog.jsonb_typeof(schema->'exclusiveMinimum') = 'number'
       AND (instance::text)::numeric <= (schema->>'exclusiveMinimum')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is not greater than ' || (schema->>'exclusiveMinimum'));
    END IF;
    IF pg_catalog.jsonb_typeof(schema->'exclusiveMaximum') = 'number'
       AND (instance::text)::numeric >= (schema->>'exclusiveMaximum')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is not less than ' || (schema->>'exclusiveMaximum'));
    END IF;
    IF schema ? 'multipleOf' AND (instance::text)::numeric % (schema->>'multipleOf')::numeric <> 0 THEN
      errors := errors || (path || ': ' || instance::text || ' is not a multiple of ' || (schema->>'multipleOf'));
    END IF;
  END IF;

  IF t = 'string' THEN
    IF pg_catalog.char_length(instance->>0) < (schema->>'minLength')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is shorter than ' || (schema->>'minLength') || ' characters');
    END IF;
    IF pg_catalog.char_length(instance->>0) > (schema->>'maxLength')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is longer than ' || (schema->>'maxLength') || ' characters');
    END IF;
    IF schema ? 'pattern' AND NOT (instance->>0) ~ (schema->>'pattern') THEN
      errors := errors || (path || ': ' || instance::text || ' does not match ' || (schema->'pattern')::text);
    END IF;
  END IF;

  FOR sub IN SELECT pg_catalog.jsonb_array_elements(coalesce(schema->'allOf', '[]')) LOOP
    errors := errors || @extschema@._wb_errors(sub, instance, root, path);
  END LOOP;
  IF schema ? 'anyOf' AND NOT EXISTS (
       SELECT FROM pg_catalog.jsonb_array_elements(schema->'anyOf') AS s
       WHERE pg_catalog.cardinality(@extschema@._wb_errors(s, instance, root, path)) = 0) THEN
    errors := errors || (path || ': ' || instance::text || ' matches none of "anyOf"');
  END IF;
  IF schema ? 'oneOf' THEN
    matched := (SELECT count(*) FROM pg_catalog.jsonb_array_elements(schema->'oneOf') AS s
                WHERE pg_catalog.cardinality(@extschema@._wb_errors(s, instance, root, path)) = 0);
    IF matched <> 1 THEN
      errors := errors || (path || ': ' || instance::text || ' matches ' || matched || ' of "oneOf", not exactly one');
    END IF;
  END IF;
  IF schema ? 'not' AND pg_catalog.cardinality(@extschema@._wb_errors(schema->'not', instance, root, path)) = 0 THEN
    errors := errors || (path || ': ' || instance::text || ' must not match "not"');
  END IF;
  IF schema ? 'if' THEN
    IF pg_catalog.cardinality(@extschema@._wb_errors(schema->'if', instance, root, path)) = 0 THEN
      errors := errors || @extschema@._wb_errors(schema->'then', instance, root, path);
    ELSE
      errors := errors || @extschema@._wb_errors(schema->'else', instance, root, path);
    END IF;
  END IF;
  RETURN errors;
END
$$;

CREATE FUNCTION jsonschema_validation_errors(schema json, instance json) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT @extschema@._wb_errors(schema::jsonb, instance::jsonb, schema::jsonb, '')$$;

CREATE FUNCTION json_matches_schema(schema json, instance json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT pg_catalog.cardinality(@extschema@._wb_errors(schema::jsonb, instance::jsonb, schema::jsonb, '')) = 0$$;

CREATE FUNCTION jsonb_matches_schema(schema json, instance jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT pg_catalog.cardinality(@extschema@._wb_errors(schema::jsonb, instance, schema::jsonb, '')) = 0$$;

CREATE FUNCTION jsonschema_is_valid(schema json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT CASE pg_catalog.json_typeof(schema)
  WHEN 'boolean' THEN true
  WHEN 'object' THEN NOT EXISTS (
    SELECT FROM pg_catalog.jsonb_path_query(schema::jsonb, 'strict $.**.type') AS t
    WHERE NOT (CASE pg_catalog.jsonb_typeof(t)
                 WHEN 'string' THEN t <@ '["null","boolean","object","array","number","string","integer"]'::jsonb
                 WHEN 'array' THEN t <@ '["null","boolean","object","array","number","string","integer"]'::jsonb
                 WHEN 'object' THEN true  -- a property named "type"
                 ELSE false END))
    AND NOT EXISTS (
    SELECT FROM pg_catalog.jsonb_each(schema::jsonb) AS e
    WHERE (e.key IN ('minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties')
           AND NOT (pg_catalog.jsonb_typeof(e.value) = 'number' AND (e.value::text)::numeric >= 0))
       OR (e.key IN ('required', 'enum', 'allOf', 'anyOf', 'oneOf') AND pg_catalog.jsonb_typeof(e.value) <> 'array')
       OR (e.key IN ('properties', 'patternProperties', '$defs', 'definitions') AND pg_catalog.jsonb_typeof(e.value) <> 'object'))
  ELSE false END
$$;
