package io.websock.test.junit;

import java.util.List;

/**
 * The embedded containers a {@link WebSockTestServer} (and so {@link WebSockTest}) can start. The kit depends on
 * none of them at run time: add the artifacts of the one you pick to your test dependencies.
 *
 * <table>
 *   <caption>What to add (test scope)</caption>
 *   <tr><th>container</th><th>artifacts</th></tr>
 *   <tr><td>{@link #TOMCAT}</td><td>{@code org.apache.tomcat.embed:tomcat-embed-core} and
 *       {@code tomcat-embed-websocket}, 10.1.x</td></tr>
 *   <tr><td>{@link #JETTY}</td><td>{@code org.eclipse.jetty.ee10.websocket:jetty-ee10-websocket-jakarta-server},
 *       12.0.x (brings the servlet layer and the server)</td></tr>
 *   <tr><td>{@link #TYRUS}</td><td>{@code org.glassfish.tyrus:tyrus-server} and
 *       {@code tyrus-container-grizzly-server}, 2.1.x</td></tr>
 * </table>
 *
 * <p>Tomcat and Jetty run the handlers the way a web application does ({@code WebSockServer.of(servletContext)}:
 * the library's upgrade filter answers validation, origin and upgrade-check refusals with real HTTP statuses).
 * Tyrus standalone has no servlet layer ({@code WebSockServer.create()}), and binds every interface, not only
 * loopback.
 */
public enum EmbeddedContainer {

    /** Apache Tomcat 10.1, embedded (the default). */
    TOMCAT("org.apache.tomcat.embed:tomcat-embed-core and org.apache.tomcat.embed:tomcat-embed-websocket (10.1.x)",
            List.of("org.apache.catalina.startup.Tomcat", "org.apache.tomcat.websocket.server.WsSci")),

    /** Eclipse Jetty 12, Jakarta EE 10 ({@code ee10}) environment, embedded. */
    JETTY("org.eclipse.jetty.ee10.websocket:jetty-ee10-websocket-jakarta-server (12.0.x)",
            List.of("org.eclipse.jetty.server.Server", "org.eclipse.jetty.ee10.servlet.ServletContextHandler",
                    "org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer")),

    /** Eclipse Tyrus 2.1 standalone on Grizzly: no servlet layer. */
    TYRUS("org.glassfish.tyrus:tyrus-server and org.glassfish.tyrus:tyrus-container-grizzly-server (2.1.x)",
            List.of("org.glassfish.tyrus.server.TyrusServerContainer",
                    "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer"));

    private final String artifacts;
    private final List<String> classes;

    EmbeddedContainer(String artifacts, List<String> classes) {
        this.artifacts = artifacts;
        this.classes = classes;
    }

    /** The Maven artifacts to add (test scope) to run this container. */
    public String artifacts() {
        return artifacts;
    }

    /** Throws, naming the artifacts to add, unless this container's classes are visible from {@code loader}. */
    void requireOn(ClassLoader loader) {
        for (String name : classes) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("The embedded container " + this + " is not on the test class path (class "
                        + name + " not found): add " + artifacts + " to your test dependencies, or pick another "
                        + "container with @WebSockTest(container = ...)", e);
            }
        }
    }
}
