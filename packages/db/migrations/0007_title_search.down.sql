-- Reverts 0007_title_search. The extension stays: other objects may have come to use it.
DROP INDEX IF EXISTS "agent"."feature_runs_title_trgm_idx";
