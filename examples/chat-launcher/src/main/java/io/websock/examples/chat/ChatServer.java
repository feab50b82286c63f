package io.websock.examples.chat;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.logging.LogManager;

/**
 * The demo launcher: the chat's servlet WAR ({@code target/chat-servlet}, Weld servlet inside) on embedded
 * Tomcat 10.1, bound to 127.0.0.1 only. {@link #main} is what the README's demo command runs; the
 * end-to-end tests use {@link #start} in their own JVM.
 *
 * <p>Guarantee: {@link #close()} (and Ctrl-C, through a shutdown hook) stops Tomcat, which undeploys the
 * application; the bridge then closes every connection with 1001 and runs its {@code terminate(Shutdown)}
 * before {@code close} returns — the handler logs each one.
 *
 * <p>System properties for {@code main}: {@value #WEBAPP} (the exploded WAR; default
 * {@code target/chat-servlet}), {@value #PORT} (default 8080; 0 = any free port), {@value #BASE} (Tomcat's
 * work directory; default a temporary one), {@value #EXIT_WITH_PARENT}, and the application's own
 * {@code chat.presenceInterval}.
 *
 * <p>It is a module of its own (examples/chat-launcher, a runnable jar whose class path is Tomcat) so the WARs
 * never carry Tomcat; on a real server, deploy {@code examples/chat/target/chat-servlet.war} (Tomcat, Jetty) or
 * {@code examples/chat/target/chat.war} (Jakarta EE servers).
 */
public final class ChatServer implements AutoCloseable {

    /** System property: the exploded servlet WAR directory. */
    public static final String WEBAPP = "chat.webapp";
    /** System property: the port on 127.0.0.1. */
    public static final String PORT = "chat.port";
    /** System property: Tomcat's base (work) directory. */
    public static final String BASE = "chat.base";
    /** System property: {@code true} = stop (cleanly) when the parent process ends; the demo profile sets it. */
    public static final String EXIT_WITH_PARENT = "chat.exitWithParent";

    private final Tomcat tomcat;
    private boolean closed;

    private ChatServer(Tomcat tomcat) {
        this.tomcat = tomcat;
    }

    /**
     * Deploys {@code webapp} as the root application of a new Tomcat on 127.0.0.1:{@code port} and starts it.
     *
     * @throws IllegalStateException if the application fails to start (Tomcat's log says why)
     */
    public static ChatServer start(Path webapp, int port, Path baseDir) throws LifecycleException, IOException {
        if (!Files.isDirectory(webapp.resolve("WEB-INF"))) {
            throw new IllegalStateException("no web application at " + webapp.toAbsolutePath()
                    + "; build it first: mvn -pl examples/chat -am -DskipTests package");
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(baseDir).toAbsolutePath().toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setThrowOnFailure(true);
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP engine: just the default servlet, added below
        tomcat.getHost().setAutoDeploy(false);

        Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
        // In the tests this JVM's class path also holds the library jars: hide their CDI markers, so
        // Weld sees only what the WAR brings, as on a real server, and do not scan the class path.
        context.setParentClassLoader(new HidingLoader(ChatServer.class.getClassLoader()));
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        Tomcat.addDefaultMimeTypeMappings(context);
        Tomcat.addServlet(context, "default", new DefaultServlet());
        // Tomcat runs filters (its WebSocket upgrade among them) only for requests mapped to a servlet.
        context.addServletMappingDecoded("/", "default");
        context.addWelcomeFile("index.html");

        ChatServer server = new ChatServer(tomcat);
        try {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the chat application did not start; see the log above");
            }
        } catch (LifecycleException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The port Tomcat listens on (the real one when 0 was asked for). */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>/}, the chat page. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** Stops Tomcat: every connection is closed with 1001 and terminated with {@code Shutdown}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        }
    }

    /** Runs the demo until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        // Before anything logs: keep the console log alive while the shutdown hook stops Tomcat, and one line per record.
        System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");

        Path webapp = Paths.get(System.getProperty(WEBAPP, "target/chat-servlet"));
        int port = Integer.getInteger(PORT, 8080);
        String base = System.getProperty(BASE);
        Path baseDir = base != null ? Paths.get(base) : Files.createTempDirectory("chat-tomcat");

        ChatServer server;
        try {
            server = start(webapp, port, baseDir);
        } catch (LifecycleException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    System.err.println("Port " + port + " on 127.0.0.1 is in use; choose another with -D" + PORT + "=<port>");
                    System.exit(1);
                }
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Chat demo stopping: every connection is closed with 1001 and gets terminate(Shutdown)");
            server.close();
            System.out.println("Chat demo stopped.");
            System.out.flush();
        }, "chat-shutdown"));

        String url = server.url().toString();
        System.out.println();
        System.out.println("Chat demo running at " + url + "   (Ctrl-C to stop)");
        System.out.println("  open " + url + "?room=lobby&user=alice and, in another tab, " + url + "?room=lobby&user=bob");
        System.out.println();
        System.out.flush();
        if (Boolean.getBoolean(EXIT_WITH_PARENT)) {
            // Started by Maven (the demo profile): when that process goes away — killed, not Ctrl-C'd — stop too,
            // through the shutdown hook above, rather than keep the port as an orphan.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                System.out.println("Chat demo: the process that started it (" + parent.pid() + ") has ended");
                System.exit(0);
            }));
        }
        server.tomcat.getServer().await(); // returns when Tomcat stops
    }

    /**
     * The JDK resets (closes) every log handler in its own shutdown hook, which may run before ours has
     * stopped Tomcat, losing exactly the lines that show the connections ending. This manager ignores
     * that reset; handlers flush on every record, so nothing is lost at exit.
     */
    public static final class ShutdownLogManager extends LogManager {
        @Override
        public void reset() {
            Thread probe = new Thread(() -> { });
            try {
                Runtime.getRuntime().addShutdownHook(probe);
                Runtime.getRuntime().removeShutdownHook(probe);
            } catch (IllegalStateException shuttingDown) {
                return;
            }
            super.reset();
        }
    }

    /** Hides CDI bean archives and CDI/Weld service files of the launcher's class path from the application. */
    private static final class HidingLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        HidingLoader(ClassLoader parent) {
            super(new URL[0], parent); // a URLClassLoader (of nothing), so Tomcat does not log it as unknown
        }

        private static boolean hidden(String name) {
            return name.equals("META-INF/beans.xml") || name.startsWith("META-INF/services/jakarta.enterprise.")
                    || name.startsWith("META-INF/services/org.jboss.weld.");
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
