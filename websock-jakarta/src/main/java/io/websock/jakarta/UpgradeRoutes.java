package io.websock.jakarta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The path templates of a {@link WebSockServer}'s endpoints with their upgrade policies, matched the way
 * JSR-356 matches them (an exact path first, then the template whose first differing segment is a
 * literal), so the library's filter applies the policy of the endpoint the container will upgrade to.
 */
final class UpgradeRoutes {

    record Match(UpgradePolicy policy, Map<String, String> pathParameters) {
    }

    private final List<UpgradePolicy> policies = new CopyOnWriteArrayList<>();

    void add(UpgradePolicy policy) {
        policies.removeIf(p -> p.path.equals(policy.path)); // the latest configuration of a path wins
        policies.add(policy);
    }

    boolean isEmpty() {
        return policies.isEmpty();
    }

    /** The policy of the endpoint serving {@code path} (within the application), or {@code null}. */
    Match match(String path) {
        String[] segments = split(path);
        UpgradePolicy best = null;
        String[] bestTemplate = null;
        for (UpgradePolicy p : policies) {
            String[] t = split(p.path);
            if (t.length != segments.length || !matches(t, segments)) {
                continue;
            }
            if (best == null || moreSpecific(t, bestTemplate)) {
                best = p;
                bestTemplate = t;
            }
        }
        return best == null ? null : new Match(best, parameters(bestTemplate, segments));
    }

    /** Path parameters of {@code template} for a request path that ends with it (any context path before). */
    static Map<String, String> parametersOfSuffix(String template, String path) {
        String[] t = split(template);
        String[] s = split(path == null ? "" : path);
        if (s.length < t.length) {
            return Map.of();
        }
        String[] tail = java.util.Arrays.copyOfRange(s, s.length - t.length, s.length);
        return matches(t, tail) ? parameters(t, tail) : Map.of();
    }

    private static boolean matches(String[] template, String[] segments) {
        for (int i = 0; i < template.length; i++) {
            if (!isParameter(template[i]) && !template[i].equals(segments[i])) {
                return false;
            }
            if (isParameter(template[i]) && segments[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean moreSpecific(String[] a, String[] b) {
        for (int i = 0; i < a.length; i++) {
            boolean pa = isParameter(a[i]);
            boolean pb = isParameter(b[i]);
            if (pa != pb) {
                return !pa;
            }
        }
        return false;
    }

    private static Map<String, String> parameters(String[] template, String[] segments) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (isParameter(template[i])) {
                params.put(template[i].substring(1, template[i].length() - 1), segments[i]);
            }
        }
        return params;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] split(String path) {
        if (path.equals("/") || path.isEmpty()) {
            return new String[0];
        }
        return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    }
}
