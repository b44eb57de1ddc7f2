/**
 * The benches (reference-impl/BENCHMARKS.md), programs run through the {@code bench} Maven profile, never
 * tests: nothing here runs under Surefire. {@link dev.parley.bench.TransportBench} runs a bulk transfer of
 * 1200-byte datagrams on loopback through each {@link dev.parley.bench.Contender} (raw UDP, the physical
 * limit; Aeron, the reference reliable transport; Parley) at several random loss rates, alternating the
 * contenders round by round, and reports medians and ratios against the baselines measured in the same run.
 * {@link dev.parley.bench.LoginBench} measures the chat layer's login the same way: throughput against the
 * server's private-key bound, one login against its inherent costs, the proof-of-work check, and honest
 * logins while {@link dev.parley.bench.LoginFlooder} floods a {@link dev.parley.bench.LoginBenchServer}
 * process from another process.
 */
package dev.parley.bench;
