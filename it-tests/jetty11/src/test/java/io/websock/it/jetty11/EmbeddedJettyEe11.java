package io.websock.it.jetty11;

import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A minimal Arquillian container for embedded Jetty 12.1 with the ee11 environment (Servlet 6.1, WebSocket
 * 2.2): no adapter for it is on Maven Central. It does what the suites need and nothing more — client-side
 * tests ({@code testable = false}) against WARs deployed exploded, webapp-first class loading (the WAR brings
 * its websock jars and Weld servlet), annotations and the Jakarta WebSocket container enabled, on
 * {@code bindAddress:bindHttpPort} with the connector's idle timeout from the configuration. A WAR whose
 * context fails to start makes {@link #deploy} throw with Jetty's cause.
 */
public final class EmbeddedJettyEe11 implements DeployableContainer<EmbeddedJettyEe11.Configuration> {

    /** Registers the container with Arquillian (META-INF/services). */
    public static final class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            builder.service(DeployableContainer.class, EmbeddedJettyEe11.class);
        }
    }

    /** arquillian.xml properties: {@code bindAddress}, {@code bindHttpPort}, {@code idleTimeoutMillis}. */
    public static final class Configuration implements ContainerConfiguration {
        private String bindAddress = "127.0.0.1";
        private int bindHttpPort = 8080;
        private long idleTimeoutMillis = 30_000;

        public String getBindAddress() { return bindAddress; }
        public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
        public int getBindHttpPort() { return bindHttpPort; }
        public void setBindHttpPort(int bindHttpPort) { this.bindHttpPort = bindHttpPort; }
        public long getIdleTimeoutMillis() { return idleTimeoutMillis; }
        public void setIdleTimeoutMillis(long idleTimeoutMillis) { this.idleTimeoutMillis = idleTimeoutMillis; }

        @Override
        public void validate() throws ConfigurationException {
            if (bindHttpPort <= 0 || bindHttpPort > 65535) {
                throw new ConfigurationException("bindHttpPort must be 1..65535, got " + bindHttpPort);
            }
        }
    }

    private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();
    private Configuration configuration;
    private Server server;
    private ContextHandlerCollection contexts;
    private Path workDir;

    private record Deployed(WebAppContext context, Path dir) {
    }

    @Override
    public Class<Configuration> getConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public void setup(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        try {
            workDir = Files.createDirectories(Path.of("target", "jetty11-deployments")).toAbsolutePath();
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(configuration.getBindAddress());
            connector.setPort(configuration.getBindHttpPort());
            connector.setIdleTimeout(configuration.getIdleTimeoutMillis());
            server.addConnector(connector);
            contexts = new ContextHandlerCollection();
            server.setHandler(contexts);
            server.start();
        } catch (Exception e) {
            throw new LifecycleException("could not start Jetty 12.1 on " + configuration.getBindAddress() + ":"
                    + configuration.getBindHttpPort(), e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new LifecycleException("could not stop Jetty 12.1", e);
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Servlet 6.0");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = contextName(archive);
        WebAppContext webapp = new WebAppContext();
        Path dir;
        try {
            Path parent = Files.createTempDirectory(workDir, name + "-");
            File exploded = archive.as(ExplodedExporter.class).exportExploded(parent.toFile(), name);
            dir = exploded.toPath();
            webapp.setContextPath("/" + name);
            webapp.setWar(dir.toString());
            webapp.setParentLoaderPriority(false);
            webapp.setThrowUnavailableOnStartupException(true);
            webapp.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
            contexts.addHandler(webapp);
            webapp.start();
        } catch (Exception e) {
            contexts.removeHandler(webapp);
            throw new DeploymentException("could not deploy " + archive.getName() + " to Jetty 12.1 ee11", e);
        }
        if (!webapp.isAvailable()) {
            contexts.removeHandler(webapp);
            throw new DeploymentException(archive.getName() + " did not start on Jetty 12.1 ee11: "
                    + webapp.getUnavailableException());
        }
        deployed.put(archive.getName(), new Deployed(webapp, dir.getParent()));
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), configuration.getBindHttpPort());
        http.add(new Servlet("default", "/" + name));
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        Deployed d = deployed.remove(archive.getName());
        if (d == null) {
            return;
        }
        try {
            d.context().stop();
            contexts.removeHandler(d.context());
        } catch (Exception e) {
            throw new DeploymentException("could not undeploy " + archive.getName(), e);
        }
        try (Stream<Path> files = Files.walk(d.dir())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover directory under target/ does no harm
        }
    }

    private static String contextName(Archive<?> archive) {
        String name = archive.getName();
        return name.endsWith(".war") ? name.substring(0, name.length() - 4) : name;
    }
}
