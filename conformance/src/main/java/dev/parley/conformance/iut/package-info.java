/**
 * The IUT side of the adapter contract (spec/conformance.md): the per-implementation config file
 * ({@link dev.parley.conformance.iut.IutConfig}), the processes the suite starts from its command
 * templates ({@link dev.parley.conformance.iut.IutProcess}, READY line, JSON Lines on stdin and
 * stdout), and the verdicts that tell a silent, a closed, a wrong and a crashed IUT apart.
 */
package dev.parley.conformance.iut;
