package io.websock.jakarta;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Jakarta WebSocket path template ({@code /chat/{room}}) before the container sees it, so a
 * malformed one fails at registration with a message naming the template and the fault. Public so
 * that integrations (the CDI extension) can check a template at deployment, before any server exists.
 */
public final class PathTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%-]+");

    private PathTemplate() {
    }

    /**
     * Returns {@code path} if it is a valid template: starts with '/', no empty segment, no trailing
     * '/', parameters are whole segments {@code {name}} used once each.
     *
     * @throws IllegalArgumentException naming the template and the fault
     */
    public static String validate(String path) {
        if (path == null) {
            throw new IllegalArgumentException("path template must not be null");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path template \"" + path + "\" must start with '/'");
        }
        if (path.equals("/")) {
            return path;
        }
        if (path.endsWith("/")) {
            throw new IllegalArgumentException("path template \"" + path + "\" must not end with '/'");
        }
        Set<String> names = new HashSet<>();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("path template \"" + path + "\" has an empty segment");
            }
            if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                var m = PARAMETER.matcher(segment);
                if (!m.matches()) {
                    throw new IllegalArgumentException("path template \"" + path + "\" has a malformed parameter segment \""
                            + segment + "\"; a parameter is a whole segment like {name}");
                }
                if (!names.add(m.group(1))) {
                    throw new IllegalArgumentException("path template \"" + path + "\" uses parameter {"
                            + m.group(1) + "} twice");
                }
            } else if (!LITERAL.matcher(segment).matches()) {
                throw new IllegalArgumentException("path template \"" + path + "\" has an invalid segment \"" + segment + "\"");
            }
        }
        return path;
    }
}
