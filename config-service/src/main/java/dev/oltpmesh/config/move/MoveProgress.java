package dev.oltpmesh.config.move;

/**
 * Where the data moves and backfills stand, over every job: those in progress, those FAILED, and of the
 * jobs in progress that have counted their rows, the rows copied and the rows to copy (so that their
 * ratio is the progress, never above one because of a job still counting).
 */
record MoveProgress(long unfinished, long failed, long rowsCopied, long rowsPlanned) {
}
