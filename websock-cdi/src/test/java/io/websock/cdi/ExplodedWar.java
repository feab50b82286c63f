package io.websock.cdi;

import io.websock.WebSock;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds a WAR-shaped web application directory the way a user's build would: the given packages'
 * classes in {@code WEB-INF/classes} with {@code WEB-INF/beans.xml}; in {@code WEB-INF/lib} the two
 * library jars (websock-jakarta, websock-cdi, with its {@code META-INF/beans.xml} and services) and
 * Weld servlet with the CDI API. Tomcat provides servlet, WebSocket and annotation APIs.
 */
final class ExplodedWar {

    /** Jars of Weld servlet and the APIs it needs, as they appear on the test class path. */
    private static final List<String> WEB_INF_LIB = List.of("weld-servlet-core-", "weld-environment-common-",
            "weld-core-impl-", "weld-spi-", "weld-api-", "weld-web-", "weld-jsf-", "weld-lite-extension-translator-",
            "jboss-logging-3", "jboss-classfilewriter-", "jakarta.enterprise.cdi-api-", "jakarta.enterprise.lang-model-",
            "jakarta.inject-api-", "jakarta.interceptor-api-", "jakarta.el-api-");

    private ExplodedWar() {
    }

    static Path build(Path dir, Class<?>... packagesOf) throws IOException {
        Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
        Path classes = Files.createDirectories(webInf.resolve("classes"));
        for (Class<?> c : packagesOf) {
            Path root = codeSource(c);
            Path pkg = root.resolve(c.getPackageName().replace('.', '/'));
            Path target = Files.createDirectories(classes.resolve(c.getPackageName().replace('.', '/')));
            try (Stream<Path> files = Files.list(pkg)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
        }
        Files.writeString(webInf.resolve("beans.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
                """);
        // Tomcat only runs filters (its WebSocket upgrade filter among them) for requests mapped to a servlet.
        Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <servlet>
                    <servlet-name>default</servlet-name>
                    <servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>default</servlet-name>
                    <url-pattern>/</url-pattern>
                  </servlet-mapping>
                </web-app>
                """);
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        jar(codeSource(WebSock.class), lib.resolve("websock-jakarta.jar"));
        jar(codeSource(WebSockExtension.class), lib.resolve("websock-cdi.jar"));
        List<String> missing = new ArrayList<>(WEB_INF_LIB);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Paths.get(entry);
            String name = p.getFileName().toString();
            for (String prefix : WEB_INF_LIB) {
                if (name.startsWith(prefix) && name.endsWith(".jar")) {
                    Files.copy(p, lib.resolve(name));
                    missing.remove(prefix);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not on the test class path: " + missing);
        }
        return dir;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code source} as a jar: copied when it is one, packed when it is a classes directory. */
    private static void jar(Path source, Path jar) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, jar);
            return;
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new JarEntry(source.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }
}
