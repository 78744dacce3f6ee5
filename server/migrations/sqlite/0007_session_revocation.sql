-- A partner may end an applicant's sessions before they expire (a lost device, a closed case):
-- a revoked token is refused everywhere, as an unknown one is.
ALTER TABLE sessions ADD COLUMN revoked_at BIGINT;
