/**
 * The end-to-end transport bench (reference-impl/BENCHMARKS.md): {@link dev.parley.bench.TransportBench}
 * runs a bulk transfer of 1200-byte datagrams on loopback through each {@link dev.parley.bench.Contender}
 * (raw UDP, the physical limit; Aeron, the reference reliable transport; Parley) at several random loss
 * rates, alternating the contenders round by round, and reports medians and ratios against the baselines
 * measured in the same run. It is a program, not a test: nothing here runs under Surefire.
 */
package dev.parley.bench;
