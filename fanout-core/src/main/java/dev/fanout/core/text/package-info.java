/**
 * fanout's own text helpers: one-line messages, problems with suggestions, terminal-safe text, file-safe names,
 * human units. Internal: the module does not export this package, so its classes may change at any release;
 * fanout-cli uses them from the class path.
 */
package dev.fanout.core.text;
