package io.websock;

/** UTF-8 arithmetic shared by frames and close details. */
final class Utf8 {
    private Utf8() {
    }

    /** Number of bytes {@code s} takes in UTF-8, counted without encoding it. */
    static int length(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // the pair takes 4 bytes and was counted as 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
