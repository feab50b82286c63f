package io.websock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Per-endpoint options with the defaults of the contract. Immutable; every setter of the
 * {@link Builder} validates its value at once and names the option and the value when it refuses one,
 * so a bad configuration fails at registration, never on a live connection.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>timeout</td><td>60 s</td><td>idle timeout on inbound traffic (data frames and pongs); zero disables</td></tr>
 *   <tr><td>pingInterval</td><td>25 s</td><td>auto-ping after this much inbound silence; zero disables</td></tr>
 *   <tr><td>maxMessageSize</td><td>1 MiB</td><td>largest whole message accepted; larger closes with 1009</td></tr>
 *   <tr><td>compress</td><td>false</td><td>accept permessage-deflate where the container has it</td></tr>
 *   <tr><td>subprotocols</td><td>none</td><td>server-ordered list; the first one the client also offers wins</td></tr>
 *   <tr><td>allowedOrigins</td><td>same-origin</td><td>allow-list of origin patterns, or any origin</td></tr>
 *   <tr><td>outboundBufferLimit</td><td>1 MiB</td><td>bytes queued for the peer before it is a slow consumer (1008)</td></tr>
 *   <tr><td>sendTimeout</td><td>10 s</td><td>longest a single send may take before the peer is a slow consumer (1008)</td></tr>
 *   <tr><td>mailboxLimit</td><td>10 000</td><td>pending info messages before the connection overflows (1013)</td></tr>
 *   <tr><td>earlyValidateUpgrade</td><td>true</td><td>answer malformed upgrade requests with 400 and a precise message</td></tr>
 *   <tr><td>upgradeChecks</td><td>none</td><td>{@link UpgradeCheck}s run in order before the upgrade</td></tr>
 *   <tr><td>executor</td><td>platform default</td><td>runs the connection's callbacks</td></tr>
 *   <tr><td>blockedWarning</td><td>2 s</td><td>a callback running longer logs one WARNING with its stack; zero disables</td></tr>
 * </table>
 */
public final class WebSockOptions {

    /** The options with every default. */
    public static final WebSockOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final Duration pingInterval;
    private final int maxMessageSize;
    private final boolean compress;
    private final List<String> subprotocols;
    private final boolean anyOrigin;
    private final List<OriginRule> allowedOrigins;
    private final long outboundBufferLimit;
    private final Duration sendTimeout;
    private final int mailboxLimit;
    private final boolean earlyValidateUpgrade;
    private final List<UpgradeCheck> upgradeChecks;
    private final Executor executor;
    private final Duration blockedWarning;

    private WebSockOptions(Builder b) {
        this.timeout = b.timeout;
        this.pingInterval = b.pingInterval;
        this.maxMessageSize = b.maxMessageSize;
        this.compress = b.compress;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.anyOrigin = b.anyOrigin;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.outboundBufferLimit = b.outboundBufferLimit;
        this.sendTimeout = b.sendTimeout;
        this.mailboxLimit = b.mailboxLimit;
        this.earlyValidateUpgrade = b.earlyValidateUpgrade;
        this.upgradeChecks = List.copyOf(b.upgradeChecks);
        this.executor = b.executor;
        this.blockedWarning = b.blockedWarning;
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Idle timeout on inbound traffic; {@link Duration#ZERO} when disabled. */
    public Duration timeout() {
        return timeout;
    }

    /** Auto-ping interval of inbound silence; {@link Duration#ZERO} when disabled. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** Largest whole message, in bytes (UTF-8 bytes for text). */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Whether permessage-deflate is accepted. */
    public boolean compress() {
        return compress;
    }

    /** Supported subprotocols in server preference order; empty when none. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Whether any origin is accepted (the origin check is off). */
    public boolean anyOrigin() {
        return anyOrigin;
    }

    /** The allow-list as given; empty with {@link #anyOrigin()} false means same-origin only. */
    public List<String> allowedOrigins() {
        return allowedOrigins.stream().map(OriginRule::toString).toList();
    }

    /**
     * Whether a browser request from {@code origin} to the server named by {@code host} (the request's
     * {@code Host} header) passes the origin policy. A request without an {@code Origin} header
     * ({@code origin == null}, non-browser clients) always passes.
     */
    public boolean isOriginAllowed(String origin, String host, boolean secure) {
        if (origin == null || anyOrigin) {
            return true;
        }
        if (allowedOrigins.isEmpty()) {
            return OriginRule.isSameOrigin(origin, host, secure);
        }
        for (OriginRule rule : allowedOrigins) {
            if (rule.matches(origin)) {
                return true;
            }
        }
        return false;
    }

    /** Bytes that may wait for the peer before it counts as a slow consumer. */
    public long outboundBufferLimit() {
        return outboundBufferLimit;
    }

    /** Longest one send may stay in flight before the peer counts as a slow consumer. */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** Pending info messages allowed before the mailbox overflows. */
    public int mailboxLimit() {
        return mailboxLimit;
    }

    /** Whether malformed upgrade requests are answered with 400 and a precise message. */
    public boolean earlyValidateUpgrade() {
        return earlyValidateUpgrade;
    }

    /** The upgrade checks, in the order they run; empty when none. */
    public List<UpgradeCheck> upgradeChecks() {
        return upgradeChecks;
    }

    /** The executor that runs callbacks, or {@code null} for the platform default. */
    public Executor executor() {
        return executor;
    }

    /**
     * A callback ({@code init}, {@code handleIn}, {@code handleControl}, {@code handleInfo}, {@code terminate})
     * running longer than this logs one WARNING naming the connection, its path, the callback and the
     * running thread's stack — once per such callback, not repeatedly; {@link Duration#ZERO} when disabled.
     */
    public Duration blockedWarning() {
        return blockedWarning;
    }

    @Override
    public String toString() {
        return "WebSockOptions{timeout=" + timeout + ", pingInterval=" + pingInterval
                + ", maxMessageSize=" + maxMessageSize + ", compress=" + compress
                + ", subprotocols=" + subprotocols
                + ", allowedOrigins=" + (anyOrigin ? "any" : allowedOrigins.isEmpty() ? "same-origin" : allowedOrigins)
                + ", outboundBufferLimit=" + outboundBufferLimit + ", sendTimeout=" + sendTimeout
                + ", mailboxLimit=" + mailboxLimit + ", earlyValidateUpgrade=" + earlyValidateUpgrade
                + ", upgradeChecks=" + upgradeChecks.size()
                + ", executor=" + (executor == null ? "default" : executor)
                + ", blockedWarning=" + blockedWarning + "}";
    }

    /** Builds {@link WebSockOptions}; each setter rejects a bad value at once, naming the option and the value. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(60);
        private Duration pingInterval = Duration.ofSeconds(25);
        private int maxMessageSize = 1024 * 1024;
        private boolean compress;
        private List<String> subprotocols = List.of();
        private boolean anyOrigin;
        private List<OriginRule> allowedOrigins = List.of();
        private long outboundBufferLimit = 1024 * 1024;
        private Duration sendTimeout = Duration.ofSeconds(10);
        private int mailboxLimit = 10_000;
        private boolean earlyValidateUpgrade = true;
        private List<UpgradeCheck> upgradeChecks = List.of();
        private Executor executor;
        private Duration blockedWarning = Duration.ofSeconds(2);

        private Builder() {
        }

        private Builder(WebSockOptions o) {
            timeout = o.timeout;
            pingInterval = o.pingInterval;
            maxMessageSize = o.maxMessageSize;
            compress = o.compress;
            subprotocols = o.subprotocols;
            anyOrigin = o.anyOrigin;
            allowedOrigins = o.allowedOrigins;
            outboundBufferLimit = o.outboundBufferLimit;
            sendTimeout = o.sendTimeout;
            mailboxLimit = o.mailboxLimit;
            earlyValidateUpgrade = o.earlyValidateUpgrade;
            upgradeChecks = o.upgradeChecks;
            executor = o.executor;
            blockedWarning = o.blockedWarning;
        }

        /** Idle timeout on inbound traffic; zero disables. */
        public Builder timeout(Duration timeout) {
            this.timeout = notNegative("timeout", timeout);
            return this;
        }

        /** Auto-ping after this much inbound silence; zero disables. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = notNegative("pingInterval", pingInterval);
            return this;
        }

        /** Largest whole message in bytes; must be positive. */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = (int) positive("maxMessageSize", maxMessageSize);
            return this;
        }

        /** Accept permessage-deflate where the container has it. */
        public Builder compress(boolean compress) {
            this.compress = compress;
            return this;
        }

        /** Supported subprotocols, most preferred first: non-empty RFC 6455 tokens, no duplicates. */
        public Builder subprotocols(String... subprotocols) {
            return subprotocols(List.of(Objects.requireNonNull(subprotocols, "subprotocols")));
        }

        /** Supported subprotocols, most preferred first: non-empty RFC 6455 tokens, no duplicates. */
        public Builder subprotocols(List<String> subprotocols) {
            Objects.requireNonNull(subprotocols, "subprotocols must not be null");
            Set<String> seen = new HashSet<>();
            for (String p : subprotocols) {
                if (p == null || p.isEmpty() || !HttpText.isToken(p)) {
                    throw new IllegalArgumentException("subprotocols: " + quote(p)
                            + " is not a valid subprotocol name (a non-empty token without spaces, commas or separators)");
                }
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("subprotocols: " + quote(p) + " is listed twice");
                }
            }
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        /**
         * Accept browser requests only from these origins, in Phoenix's forms: {@code https://example.com}
         * (scheme, host, optional port), {@code //example.com:8443} (any scheme) and {@code //*.example.com}
         * (the domain and its sub-domains). Replaces the same-origin default.
         */
        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(List.of(Objects.requireNonNull(origins, "allowedOrigins")));
        }

        /** As {@link #allowedOrigins(String...)}. */
        public Builder allowedOrigins(List<String> origins) {
            Objects.requireNonNull(origins, "allowedOrigins must not be null");
            if (origins.isEmpty()) {
                throw new IllegalArgumentException("allowedOrigins: the list is empty; "
                        + "use sameOrigin() or anyOrigin() to say what you mean");
            }
            List<OriginRule> rules = new ArrayList<>();
            for (String origin : origins) {
                rules.add(OriginRule.parse(origin));
            }
            this.allowedOrigins = List.copyOf(rules);
            this.anyOrigin = false;
            return this;
        }

        /** Accept requests only from the server's own origin (the default). */
        public Builder sameOrigin() {
            this.allowedOrigins = List.of();
            this.anyOrigin = false;
            return this;
        }

        /** Turn the origin check off: accept requests from any origin. */
        public Builder anyOrigin() {
            this.allowedOrigins = List.of();
            this.anyOrigin = true;
            return this;
        }

        /** Bytes that may wait for the peer before it is a slow consumer; must be positive. */
        public Builder outboundBufferLimit(long outboundBufferLimit) {
            this.outboundBufferLimit = positive("outboundBufferLimit", outboundBufferLimit);
            return this;
        }

        /** Longest one send may take before the peer is a slow consumer; must be positive. */
        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = notNegative("sendTimeout", sendTimeout);
            if (sendTimeout.isZero()) {
                throw new IllegalArgumentException("sendTimeout must be positive, got " + sendTimeout);
            }
            return this;
        }

        /** Pending info messages allowed before the mailbox overflows; must be positive. */
        public Builder mailboxLimit(int mailboxLimit) {
            this.mailboxLimit = (int) positive("mailboxLimit", mailboxLimit);
            return this;
        }

        /** Whether malformed upgrade requests get 400 with a precise message (else the container answers). */
        public Builder earlyValidateUpgrade(boolean earlyValidateUpgrade) {
            this.earlyValidateUpgrade = earlyValidateUpgrade;
            return this;
        }

        /**
         * Checks that decide each upgrade, run in this order (replacing any set before); see {@link UpgradeCheck}.
         * No element may be null.
         */
        public Builder upgradeChecks(UpgradeCheck... checks) {
            return upgradeChecks(java.util.Arrays.asList(Objects.requireNonNull(checks, "upgradeChecks")));
        }

        /** As {@link #upgradeChecks(UpgradeCheck...)}. */
        public Builder upgradeChecks(List<? extends UpgradeCheck> checks) {
            Objects.requireNonNull(checks, "upgradeChecks must not be null");
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i) == null) {
                    throw new IllegalArgumentException("upgradeChecks: element " + i + " is null");
                }
            }
            this.upgradeChecks = List.copyOf(checks);
            return this;
        }

        /**
         * The executor that runs callbacks; {@code null} restores the platform default. It must run every task
         * it accepts (a task it refuses by throwing runs on the caller's thread instead): shut the
         * {@code WebSockServer} down before the executor. A run dropped by {@code ExecutorService.shutdownNow()}
         * is taken over when the server stops or drains, so the connection still ends.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Log one WARNING, with the running thread's stack, when a callback runs longer than this (checked
         * about twice a second, so the warning comes up to half a second late); zero disables. Default 2 s.
         */
        public Builder blockedWarning(Duration blockedWarning) {
            this.blockedWarning = notNegative("blockedWarning", blockedWarning);
            return this;
        }

        /** The options. */
        public WebSockOptions build() {
            return new WebSockOptions(this);
        }

        private static Duration notNegative(String option, Duration value) {
            Objects.requireNonNull(value, () -> option + " must not be null (use Duration.ZERO)");
            if (value.isNegative()) {
                throw new IllegalArgumentException(option + " must not be negative, got " + value);
            }
            return value;
        }

        private static long positive(String option, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(option + " must be positive, got " + value);
            }
            return value;
        }


        private static String quote(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }
    }
}
