-- 学分查询 and 学分申报: the reason of a ledger correction, one reversal per record, one open claim per
-- activity, and one verification code per learner, year and totals. Same content in both folders.

-- Why an admin record (a reversal) was written; shown in 详情.
ALTER TABLE credit_records ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- A record is reversed at most once (NULLs, the records that reverse nothing, do not collide).
CREATE UNIQUE INDEX credit_records_one_reversal ON credit_records(reverses_id);
-- The same activity is not claimed twice while pending or approved; after a rejection it may be claimed again.
CREATE UNIQUE INDEX claims_one_open ON claims(learner_id, year, kind, title) WHERE status <> 'rejected';
-- The same learner, year and totals keep one verification code, however many requests race.
CREATE UNIQUE INDEX certificates_same_totals ON certificates(learner_id, year, total_tenths, professional_tenths, public_tenths);
