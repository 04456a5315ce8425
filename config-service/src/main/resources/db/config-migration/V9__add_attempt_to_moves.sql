-- A failed move that an administrator retries starts again as its next attempt; every service takes
-- a later attempt's stage over an earlier one's.
alter table moves add column attempt integer not null default 0;
