package io.fedduck.jdbc.metadata;

/**
 * JDBC name patterns matched in Java, for answers FedDuck builds itself: {@code %} any run of
 * characters, {@code _} one character, {@code \} escapes the next one; null matches every name.
 */
final class Patterns {
    private Patterns() {
    }

    static boolean matches(String pattern, String name) {
        return pattern == null || matches(pattern, 0, name, 0);
    }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (matches(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                pi++;
                if (p.charAt(pi) != s.charAt(si)) {
                    return false;
                }
            } else if (c != '_' && c != s.charAt(si)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
