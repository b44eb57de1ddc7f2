package dev.parley.chat;

import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * What all connections of one server share: its key, cookie secrets, replay cache, guess limiter, difficulty,
 * accounts, directory and counters (spec/chat.md, "Several server processes"). One event loop owns it.
 */
public final class ChatServerContext {
    final ChatServerConfig config;
    final PrivateKey serverPrivate;
    final byte[] serverSpki;
    final SecureRandom random;
    final Cookie cookie;
    final ReplayCache replay;
    final GuessLimiter guesses;
    final Difficulty difficulty;
    final UserLookup users;
    final Directory directory;
    final FakeEnvelope fakes;
    final ChatStats stats = new ChatStats();
    int pendingLogins;

    public ChatServerContext(ChatServerConfig config, PrivateKey serverPrivate, byte[] serverSpki, UserLookup users,
            SecureRandom random, long nowMs) {
        this.config = config;
        this.serverPrivate = serverPrivate;
        this.serverSpki = serverSpki.clone();
        this.random = random;
        this.users = users;
        this.cookie = new Cookie(random, config.cookieRotationMs(), config.freshnessWindowMs(), nowMs);
        this.replay = new ReplayCache(config.replayCacheEntries());
        this.guesses = new GuessLimiter(config.guessBurst(), config.guessRefillMs(), config.guessTableEntries());
        this.difficulty = new Difficulty(config.minDifficulty(), config.maxDifficulty(), config.difficultyStepMs(),
                config.loginBudgetPerSecond(), nowMs);
        this.directory = new Directory(config.maxSessions());
        this.fakes = new FakeEnvelope(serverPrivate);
    }

    public ChatStats stats() {
        return stats;
    }

    public Directory directory() {
        return directory;
    }

    public ChatServerConfig config() {
        return config;
    }

    public int currentDifficulty(long nowMs) {
        return difficulty.current(nowMs);
    }
}
