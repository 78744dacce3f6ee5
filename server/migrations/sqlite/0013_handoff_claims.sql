-- What a claim code is for: 'session', a partner's (a mint, or another device later on), or
-- 'handoff', the applicant's own move to another device (POST /api/v1/session/handoff), which
-- is claimable briefly, refused once the application is submitted, and tells the streams of the
-- device that asked when it is claimed.
ALTER TABLE session_claims ADD COLUMN purpose TEXT NOT NULL DEFAULT 'session'
    CHECK (purpose IN ('session', 'handoff'));
