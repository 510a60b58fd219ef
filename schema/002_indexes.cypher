// Lookups and sort keys used by the repositories.
CREATE INDEX person_name_key IF NOT EXISTS FOR (p:Person) ON (p.name_key);
CREATE INDEX person_area IF NOT EXISTS FOR (p:Person) ON (p.area);
CREATE INDEX organisation_name_key IF NOT EXISTS FOR (o:Organisation) ON (o.name_key);
CREATE INDEX organisation_kind IF NOT EXISTS FOR (o:Organisation) ON (o.kind);
CREATE INDEX organisation_area IF NOT EXISTS FOR (o:Organisation) ON (o.area);
CREATE INDEX tie_id IF NOT EXISTS FOR ()-[t:TIE]-() ON (t.id);
CREATE INDEX participation_id IF NOT EXISTS FOR ()-[r:PARTICIPATES]-() ON (r.id);
CREATE INDEX correction_record IF NOT EXISTS FOR (c:Correction) ON (c.record_id);
CREATE INDEX audit_person IF NOT EXISTS FOR (e:AuditEntry) ON (e.person_id);
CREATE INDEX audit_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at);
CREATE INDEX consent_person IF NOT EXISTS FOR (c:ConsentRecord) ON (c.person_id);
CREATE INDEX activity_name_key IF NOT EXISTS FOR (a:Activity) ON (a.name_key);
CREATE INDEX activity_organisation IF NOT EXISTS FOR (a:Activity) ON (a.organisation_id);
CREATE INDEX exchange_giver IF NOT EXISTS FOR (e:Exchange) ON (e.giver_id);
CREATE INDEX exchange_receiver IF NOT EXISTS FOR (e:Exchange) ON (e.receiver_id);
CREATE INDEX self_report_person IF NOT EXISTS FOR (r:SelfReport) ON (r.person_id);
CREATE INDEX change_seq IF NOT EXISTS FOR (c:Change) ON (c.seq);
