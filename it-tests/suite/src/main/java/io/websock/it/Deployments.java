package io.websock.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The test WAR, shaped as a user's build would shape it: the application's classes with
 * {@code WEB-INF/beans.xml}, and in {@code WEB-INF/lib} every jar of the directory named by the system
 * property {@code it.war.lib} — websock-jakarta and websock-cdi, plus Weld servlet for servers without CDI
 * of their own. The server module fills that directory (maven-dependency-plugin) before the suites run.
 *
 * <p>The application's classes are copied as files, never loaded here: the test JVM must not hold the
 * library jars (an embedded server's web application would otherwise see a second copy of websock-cdi's
 * bean archive and service files through its parent class loader), so the server modules keep them off the
 * test class path.
 */
public final class Deployments {

    static final String APP = "io/websock/it/app/";
    static final String BAD = "io/websock/it/bad/";

    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    static final String TOMCAT_CONTEXT = """
            <Context>
              <JarScanner scanClassPath="false">
                <JarScanFilter pluggabilitySkip="weld-servlet-shaded-*.jar" tldSkip="*.jar"/>
              </JarScanner>
            </Context>
            """;

    private Deployments() {
    }

    /** The application every suite drives: package {@code io.websock.it.app}. */
    public static WebArchive war(String name) {
        return addClasses(base(name), APP);
    }

    /** A WAR whose only handler is invalid, so deploying it must fail with a definition error. */
    public static WebArchive badWar(String name) {
        return addClasses(addClasses(base(name), APP), BAD);
    }

    private static WebArchive base(String name) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                // Tomcat only: scan the WAR, not the test JVM's class path, and not Weld's own jar (thousands of
                // classes, none of them annotated for the servlet container) for annotations.
                .addAsManifestResource(new StringAsset(TOMCAT_CONTEXT), "context.xml");
        for (File jar : warLib()) {
            war.addAsLibrary(jar);
        }
        return war;
    }

    static final String OTEL = "io/websock/it/otel/";

    /**
     * The MicroProfile Telemetry WAR ({@code TelemetryScenarios}): websock-jakarta, websock-cdi and
     * websock-opentelemetry (the jar in the directory named by the system property {@code it.otel.lib}) in
     * WEB-INF/lib, but <em>not</em> opentelemetry-api, which the server provides; the echo handler of
     * {@code io.websock.it.otel}; and {@code config} as the application's MicroProfile Config.
     */
    public static WebArchive telemetryWar(String name, String config) {
        String dir = System.getProperty("it.otel.lib");
        if (dir == null) {
            throw new IllegalStateException("system property it.otel.lib is not set: run TelemetryIT from a server module");
        }
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml")
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
        for (File jar : warLib()) {
            if (jar.getName().startsWith("websock-jakarta") || jar.getName().startsWith("websock-cdi")) {
                war.addAsLibrary(jar);
            }
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            List<File> jars = files.filter(p -> p.getFileName().toString().startsWith("websock-opentelemetry"))
                    .map(Path::toFile).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("it.otel.lib=" + dir + " must hold one websock-opentelemetry jar: " + jars);
            }
            war.addAsLibrary(jars.get(0));
        } catch (IOException e) {
            throw new IllegalStateException("it.otel.lib=" + dir + " cannot be listed", e);
        }
        return addClasses(war, OTEL);
    }

    /** How a registration WAR calls {@code WebSockServer.of(ServletContext)} (README "Register it"). */
    public enum Registration {
        /** From a {@code ServletContainerInitializer} in a jar of WEB-INF/lib. */
        INITIALIZER,
        /** From a listener declared in {@code web.xml}. */
        WEB_XML_LISTENER,
        /** From a {@code @WebListener}. */
        WEB_LISTENER
    }

    static final String REG = "io/websock/it/reg/";

    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <listener><listener-class>io.websock.it.reg.RegXmlListener</listener-class></listener>
            </web-app>
            """;

    /**
     * A WAR that uses websock-jakarta alone — no websock-cdi, no CDI, no beans.xml — and registers its two
     * endpoints ({@code io.websock.it.reg.RegEndpoints}) the way {@code how} says, so that its own call is the
     * first {@code WebSockServer.of(context)} of the application.
     */
    public static WebArchive registrationWar(String name, Registration how) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsManifestResource(new StringAsset(TOMCAT_CONTEXT), "context.xml");
        for (File jar : warLib()) {
            if (jar.getName().startsWith("websock-jakarta")) {
                war.addAsLibrary(jar);
            }
        }
        for (String c : List.of(APP + "ScriptedHandler.class", APP + "EventLog.class",
                REG + "RegHandler.class", REG + "RegEndpoints.class")) {
            war.addAsWebInfResource(new ByteArrayAsset(classBytes(c)), "classes/" + c);
        }
        switch (how) {
            case INITIALIZER -> {
                // In WEB-INF/classes/META-INF/services WildFly would not see it: an initializer lives in a jar.
                JavaArchive jar = ShrinkWrap.create(JavaArchive.class, "reg-initializer.jar")
                        .addAsResource(new StringAsset("io.websock.it.reg.RegInitializer\n"),
                                "META-INF/services/jakarta.servlet.ServletContainerInitializer");
                for (String c : List.of(REG + "RegInitializer.class", REG + "RegInitializer$1.class")) {
                    jar.addAsResource(new ByteArrayAsset(classBytes(c)), c);
                }
                war.addAsLibrary(jar);
            }
            case WEB_XML_LISTENER -> {
                war.addAsWebInfResource(new ByteArrayAsset(classBytes(REG + "RegXmlListener.class")), "classes/" + REG + "RegXmlListener.class");
                war.setWebXML(new StringAsset(WEB_XML));
            }
            case WEB_LISTENER -> war.addAsWebInfResource(new ByteArrayAsset(classBytes(REG + "RegWebListener.class")),
                    "classes/" + REG + "RegWebListener.class");
        }
        return war;
    }

    /** One class file of this suite's jar (or classes directory), by its entry name. */
    private static byte[] classBytes(String entry) {
        try {
            Path source = Path.of(Deployments.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                return Files.readAllBytes(source.resolve(entry));
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                JarEntry e = jar.getJarEntry(entry);
                if (e == null) {
                    throw new IllegalStateException(entry + " is not in " + source);
                }
                try (InputStream in = jar.getInputStream(e)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read " + entry, e);
        }
    }

    /** Copies every class file under {@code folder} of this suite's jar (or classes directory) to WEB-INF/classes. */
    private static WebArchive addClasses(WebArchive war, String folder) {
        try {
            Path source = Path.of(Deployments.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.list(source.resolve(folder))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        war.addAsWebInfResource(new ByteArrayAsset(Files.readAllBytes(f)), "classes/" + folder + f.getFileName());
                    }
                }
                return war;
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String n = entry.getName();
                    if (n.startsWith(folder) && n.endsWith(".class") && n.indexOf('/', folder.length()) < 0) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            war.addAsWebInfResource(new ByteArrayAsset(in.readAllBytes()), "classes/" + n);
                        }
                    }
                }
            }
            return war;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the application classes of " + folder, e);
        }
    }

    private static List<File> warLib() {
        String dir = System.getProperty("it.war.lib");
        if (dir == null) {
            throw new IllegalStateException("system property it.war.lib is not set: run the suites from a server module");
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            List<File> jars = files.filter(p -> p.toString().endsWith(".jar")).map(Path::toFile).sorted().toList();
            if (jars.stream().noneMatch(f -> f.getName().startsWith("websock-cdi"))) {
                throw new IllegalStateException("it.war.lib=" + dir + " holds no websock-cdi jar: " + jars);
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("it.war.lib=" + dir + " cannot be listed", e);
        }
    }
}
