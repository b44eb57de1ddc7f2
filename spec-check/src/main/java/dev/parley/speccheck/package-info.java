/**
 * Checks over the repository's text that run in {@code mvn verify}: {@link dev.parley.speccheck.RepositoryScan}
 * reads where each requirement id is defined and cited, {@link dev.parley.speccheck.RequirementsCheck} names every
 * id that is not defined exactly once (spec/conventions.md section 2.4), and
 * {@link dev.parley.speccheck.RequirementsIndex} generates the per-chapter requirements index of spec/requirements/.
 */
package dev.parley.speccheck;
