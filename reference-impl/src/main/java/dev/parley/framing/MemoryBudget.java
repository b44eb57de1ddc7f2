package dev.parley.framing;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One memory budget shared by every connection of a node [FR-MEM-1]: it counts, per connection, the bytes of its
 * transport buffers and of its partial frame, and keeps their sum within {@code max_memory_bytes}. When a partial
 * frame would grow past the budget, the connection that holds the most is reset with {@code FR_MEMORY} (the one that
 * asks, on a tie), as many times as needed [FR-MEM-2].
 *
 * <p>Not thread-safe: a budget belongs to one event loop, and every account is used on that loop's thread.
 */
public final class MemoryBudget {

    /** The default budget, 256 MiB [FR-MEM-1]. */
    public static final long DEFAULT_MAX_MEMORY_BYTES = 256L * 1024 * 1024;
    /** The smallest budget: one default-size transport connection with room for a partial frame. */
    public static final long MIN_MAX_MEMORY_BYTES = 1024L * 1024;

    private final long maxMemoryBytes;
    private final Set<Account> accounts = new LinkedHashSet<>();
    private long usedBytes;
    private long resets;

    /** @param maxMemoryBytes the budget, {@value #MIN_MAX_MEMORY_BYTES}..2^62 bytes */
    public MemoryBudget(long maxMemoryBytes) {
        if (maxMemoryBytes < MIN_MAX_MEMORY_BYTES || maxMemoryBytes > 1L << 62) {
            throw new IllegalArgumentException("max memory bytes out of range " + MIN_MAX_MEMORY_BYTES + "..2^62: "
                    + maxMemoryBytes);
        }
        this.maxMemoryBytes = maxMemoryBytes;
    }

    /** A budget that never resets anything, for tests and tools that run one connection. */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(1L << 62);
    }

    public long maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /** True while the counted bytes exceed the budget (transport buffers grew); the next check resets someone. */
    public boolean exceeded() {
        return usedBytes > maxMemoryBytes;
    }

    /** Bytes counted now, over all accounts. */
    public long usedBytes() {
        return usedBytes;
    }

    /** Connections reset because the budget was reached. */
    public long resets() {
        return resets;
    }

    /**
     * Opens the account of one connection.
     *
     * @param reset ends the connection with {@code FR_MEMORY} and closes the account; called at most once
     */
    public Account open(Runnable reset) {
        Account account = new Account(reset);
        accounts.add(account);
        return account;
    }

    /** The bytes one connection holds. */
    public final class Account {

        private final Runnable reset;
        private long bytes;
        private boolean closed;

        private Account(Runnable reset) {
            this.reset = reset;
        }

        public long bytes() {
            return bytes;
        }

        /**
         * Asks for {@code more} bytes before allocating them [FR-MEM-2]. While the budget would be exceeded, the
         * account holding the most (counting {@code more} for this one; this one on a tie) is reset; if that is this
         * account, the request is refused.
         *
         * @return true if the bytes are granted and counted; false if this connection must end with {@code FR_MEMORY}
         */
        public boolean tryReserve(long more) {
            if (closed) {
                return false;
            }
            while (usedBytes + more > maxMemoryBytes) {
                Account largest = this;
                long largestBytes = bytes + more;
                for (Account a : accounts) {
                    if (a.bytes > largestBytes) {
                        largest = a;
                        largestBytes = a.bytes;
                    }
                }
                if (largest == this) {
                    return false;
                }
                largest.shed();
            }
            bytes += more;
            usedBytes += more;
            return true;
        }

        /** Counts {@code delta} bytes that are already allocated (transport buffers) or freed; never refuses. */
        public void adjust(long delta) {
            if (closed) {
                return;
            }
            bytes += delta;
            usedBytes += delta;
        }

        /** Returns every byte of this account to the budget; idempotent. */
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            usedBytes -= bytes;
            bytes = 0;
            accounts.remove(this);
        }

        private void shed() {
            resets++;
            close();
            reset.run();
        }
    }
}
