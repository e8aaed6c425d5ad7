/**
 * The JSON Lines event schema, one object per line, written alike by {@code --json} and by a run record's
 * {@code events.jsonl} (documented in {@code docs/json-lines.md}), with the per-stream totals its
 * {@code host_finished} events carry.
 */
package dev.fanout.core.event;
