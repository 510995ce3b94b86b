-- zonegate store schema 4: the keyed audit chain.

-- key_id is data.AuditKeyID of the key the chain is keyed with ('' while it
-- is not); keyed_from the seq of the audit_key entry that switched it (0
-- while not). Both are set once, by the first append made with a key.
ALTER TABLE audit_state ADD COLUMN key_id text NOT NULL DEFAULT '';
ALTER TABLE audit_state ADD COLUMN keyed_from INTEGER NOT NULL DEFAULT 0;
