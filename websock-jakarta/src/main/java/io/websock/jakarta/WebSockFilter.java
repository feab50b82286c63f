package io.websock.jakarta;

import io.websock.spi.WebSockEvents;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.EnumSet;

/**
 * The library's filter in front of the container's own upgrade (Tomcat's WsFilter and its peers) for
 * path-registered endpoints. For a request whose path belongs to a WebSock endpoint it applies that
 * endpoint's {@link UpgradePolicy} — 400 for a malformed upgrade, 403 for a refused origin or subprotocol,
 * the check's status for a rejected upgrade check — and otherwise hands the admission to the
 * configurator through {@link Admission#CURRENT} while the container performs the handshake on this thread.
 * Requests for other paths pass untouched.
 */
final class WebSockFilter implements Filter {

    static final String NAME = "io.websock.upgrade";

    private final WebSockServer server;

    WebSockFilter(WebSockServer server) {
        this.server = server;
    }

    /**
     * Installs the filter before every filter mapped "after" (the container's upgrade filter); false if a
     * filter of that name exists already.
     *
     * @throws IllegalStateException if the application has started already
     * @throws UnsupportedOperationException if called from a listener that was added programmatically
     */
    static boolean install(ServletContext context, WebSockServer server) {
        FilterRegistration.Dynamic reg = context.addFilter(NAME, new WebSockFilter(server));
        if (reg == null) {
            return false;
        }
        reg.setAsyncSupported(true);
        reg.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        return true;
    }

    /** The application is stopping (filters are destroyed before its listeners run): end every connection. */
    @Override
    public void destroy() {
        server.shutdown();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)
                || server.routes.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        UpgradeRoutes.Match match = server.routes.match(path);
        if (match == null) {
            chain.doFilter(request, response);
            return;
        }
        WebSockEvents events = server.events();
        UpgradePolicy.Outcome outcome = UpgradePolicy.reported(events, match.policy().path, events == null ? 0 : System.nanoTime(),
                match.policy().decideServlet(req, match.pathParameters()));
        if (outcome instanceof UpgradePolicy.Refuse refuse) {
            UpgradePolicy.write(resp, refuse);
            return;
        }
        if (!(outcome instanceof UpgradePolicy.Admit admit)) {
            chain.doFilter(request, response);
            return;
        }
        Admission previous = Admission.CURRENT.get();
        Admission.CURRENT.set(admit.admission());
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                Admission.CURRENT.remove();
            } else {
                Admission.CURRENT.set(previous);
            }
        }
    }
}
