-- The onboarding provider has no webhooks: Onboard asks it about every submitted, undecided
-- application in the background. `next_check_at` is when it is asked next (NULL: not waiting
-- for a decision), `checks` how often it was asked (its schedule backs off with it), and a
-- claim moves `next_check_at` ahead so that one instance asks at a time.
ALTER TABLE applications ADD COLUMN next_check_at BIGINT;
ALTER TABLE applications ADD COLUMN checks BIGINT NOT NULL DEFAULT 0;
-- When an application never submitted was given up, its sessions all over: CANCELLED for the
-- partner until a new session revives it.
ALTER TABLE applications ADD COLUMN abandoned_at BIGINT;
CREATE INDEX applications_next_check ON applications (next_check_at);
UPDATE applications SET next_check_at = updated_at
 WHERE submitted_at IS NOT NULL
   AND status NOT IN ('APPROVED', 'DECLINED', 'FAILED', 'CANCELLED', 'MANUALLY_APPROVED', 'MANUALLY_DECLINED');
