-- The last record of every committed batch carries an Ed25519 signature over its hash, made with a key the
-- database never holds (io.tollgate.audit.AuditKey). A signed record vouches for every record before it
-- (each hash chains to the previous one), so rows appended by anyone without the key are an unsigned tail
-- that verification reports. key_id names the key (the first 16 hex digits of SHA-256 over its public key).
-- Neither column is part of the hash: the signature is over the hash.
ALTER TABLE audit_event ADD COLUMN signature varchar;
ALTER TABLE audit_event ADD COLUMN key_id varchar;
