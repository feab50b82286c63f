package io.websock;

import java.util.Objects;

/**
 * The code and reason text of a close frame the server sends. Validated when built: the code must be
 * one a server may send (1000–1003, 1007–1014, 3000–4999) and the reason at most 123 UTF-8 bytes,
 * so that a bad value fails where the result is made, not later on the wire.
 *
 * @param code   the close code
 * @param reason the reason text, possibly empty, never {@code null}
 */
public record CloseDetail(int code, String reason) {

    /** Longest reason text a close frame can carry (125 bytes minus the 2-byte code). */
    public static final int MAX_REASON_BYTES = 123;

    public CloseDetail {
        if (!isSendable(code)) {
            throw new IllegalArgumentException("close code " + code
                    + " cannot be sent by a server; use 1000-1003, 1007-1014 or 3000-4999");
        }
        Objects.requireNonNull(reason, "close reason must not be null (use \"\")");
        int bytes = Utf8.length(reason);
        if (bytes > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason must be at most " + MAX_REASON_BYTES
                    + " UTF-8 bytes, got " + bytes + ": \"" + abbreviate(reason) + "\"");
        }
    }

    /** A close frame with {@code code} and no reason text. */
    public static CloseDetail of(int code) {
        return new CloseDetail(code, "");
    }

    /** A close frame with {@code code} and {@code reason}. */
    public static CloseDetail of(int code, String reason) {
        return new CloseDetail(code, reason);
    }

    /** Whether a server may put {@code code} in a close frame (RFC 6455 §7.4 and the IANA registry). */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
