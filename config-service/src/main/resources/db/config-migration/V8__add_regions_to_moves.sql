-- Moves of a partitioned table's rows: the placements before and after the version that moved them
-- (the region is what the first gave the source and the second gives the target), the stage every
-- other service was last told, and when the copies went live (the source purges a grace later).
alter table moves add column before_placement text;
alter table moves add column after_placement text;
alter table moves add column published_stage text;
alter table moves add column live_at timestamptz;
