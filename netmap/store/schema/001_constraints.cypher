// Identity: every record carries its own opaque id (a UUID); internal ids are never used.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (o:Organisation) REQUIRE o.id IS UNIQUE;
CREATE CONSTRAINT correction_id IF NOT EXISTS FOR (c:Correction) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT account_subject IF NOT EXISTS FOR (a:Account) REQUIRE a.subject IS UNIQUE;
CREATE CONSTRAINT token_hash IF NOT EXISTS FOR (t:Token) REQUIRE t.hash IS UNIQUE;
CREATE CONSTRAINT token_id IF NOT EXISTS FOR (t:Token) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (a:Activity) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT exchange_id IF NOT EXISTS FOR (e:Exchange) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (i:IdempotentRequest) REQUIRE i.scoped_key IS UNIQUE;
CREATE CONSTRAINT session_hash IF NOT EXISTS FOR (s:Session) REQUIRE s.hash IS UNIQUE;
CREATE CONSTRAINT network_review_id IF NOT EXISTS FOR (r:NetworkReview) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT service_settings_service IF NOT EXISTS FOR (s:ServiceSettings) REQUIRE s.service_id IS UNIQUE;
CREATE CONSTRAINT reflection_id IF NOT EXISTS FOR (r:Reflection) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT reflection_action_id IF NOT EXISTS FOR (a:ReflectionAction) REQUIRE a.id IS UNIQUE;
// The change feed (store/feed.py): one counter node, one node per change.
CREATE CONSTRAINT change_feed_id IF NOT EXISTS FOR (f:ChangeFeed) REQUIRE f.id IS UNIQUE;
