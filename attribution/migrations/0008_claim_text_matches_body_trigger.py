"""On PostgreSQL, the database itself refuses a claim whose text is not its
article's body[start:end], and a change of body that would break a claim.

substr() counts characters as Python's slices count code points, and bodies hold
no NUL, so the two agree. Other databases rely on services.claim_check_span.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION attribution_claim_text_matches_body() RETURNS trigger AS $$
BEGIN
  IF NEW.text IS DISTINCT FROM (
    SELECT substr(a.body, NEW.start + 1, NEW."end" - NEW.start)
    FROM attribution_article a WHERE a.id = NEW.article_id
  ) THEN
    RAISE EXCEPTION 'claim text is not its article''s body[start:end]'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_text_matches_body';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER claim_text_matches_body
  BEFORE INSERT OR UPDATE OF text, start, "end", article_id ON attribution_claim
  FOR EACH ROW EXECUTE FUNCTION attribution_claim_text_matches_body();

CREATE FUNCTION attribution_article_body_keeps_claims() RETURNS trigger AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM attribution_claim c
    WHERE c.article_id = NEW.id
      AND c.text IS DISTINCT FROM substr(NEW.body, c.start + 1, c."end" - c.start)
  ) THEN
    RAISE EXCEPTION 'the new body would not hold the article''s claims at their spans'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_text_matches_body';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER article_body_keeps_claims
  BEFORE UPDATE OF body ON attribution_article
  FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body)
  EXECUTE FUNCTION attribution_article_body_keeps_claims();
"""

DROP = """
DROP TRIGGER IF EXISTS article_body_keeps_claims ON attribution_article;
DROP FUNCTION IF EXISTS attribution_article_body_keeps_claims();
DROP TRIGGER IF EXISTS claim_text_matches_body ON attribution_claim;
DROP FUNCTION IF EXISTS attribution_claim_text_matches_body();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("attribution", "0007_claim_history_via_chain")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
