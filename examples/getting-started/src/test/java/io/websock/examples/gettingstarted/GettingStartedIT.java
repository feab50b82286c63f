package io.websock.examples.gettingstarted;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's Getting started works as written: its blocks (BOM, the Tomcat/Jetty dependencies with CDI and
 * beans.xml, or without CDI and the initializer; the handler, the page) make a fresh WAR project that Maven builds against the modules of this reactor, and
 * that WAR, deployed to Tomcat 10.1, serves the page and answers on the WebSocket exactly as README says.
 *
 * <p>The inner build never touches ~/.m2: its local repository is {@code target/getting-started/repo},
 * seeded with this reactor's websock POMs and jars (as {@code mvn install} would lay them out); every other
 * artifact comes from the outer build's local repository, declared as a {@code file:} repository ahead of
 * Central (so it works offline once the outer build has run, and still finds on Central what the outer
 * build did not need), and never a stale websock SNAPSHOT.
 */
class GettingStartedIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path root = Paths.get(System.getProperty("websock.root", "../..")).toAbsolutePath().normalize();
    private final String version = System.getProperty("websock.version");
    private final Path work = Paths.get(System.getProperty("gs.work", "target/getting-started")).toAbsolutePath();
    private Tomcat tomcat;

    @AfterEach
    void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    @DisplayName("README Getting started, Tomcat with CDI: a fresh WAR from its blocks builds, deploys to Tomcat 10.1 and answers")
    void withCdi() throws Exception {
        Readme readme = Readme.at(root);
        assertThat(readme.block("servlet-cdi")).as("Tomcat/Jetty with CDI = the EE server's block + Weld servlet")
                .startsWith(readme.block("ee"));
        Path project = freshProject(readme, "hello-cdi", readme.block("servlet-cdi"));
        write(project.resolve("src/main/java/hello/HelloHandler.java"), readme.block("handler"));
        write(project.resolve("src/main/webapp/WEB-INF/beans.xml"), readme.block("beans-xml"));
        // weld-servlet-shaded brings jakarta.annotation-api along
        buildAndTalk(project, "websock-cdi", "websock-jakarta", "weld-servlet-shaded", "jakarta.annotation-api");
    }

    @Test
    @DisplayName("README Getting started, Tomcat without CDI: the handler without @WebSockHandler and the initializer answer the same")
    void withoutCdi() throws Exception {
        Readme readme = Readme.at(root);
        Path project = freshProject(readme, "hello-plain", readme.block("servlet-plain"));
        String handler = readme.block("handler");
        String withoutCdi = handler.lines().filter(line -> !line.contains("WebSockHandler"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertThat(handler.lines().count() - withoutCdi.lines().count()).as("the two WebSockHandler lines README says to drop").isEqualTo(2);
        write(project.resolve("src/main/java/hello/HelloHandler.java"), withoutCdi);
        write(project.resolve("src/main/java/hello/Routes.java"), readme.block("initializer"));
        write(project.resolve("src/main/resources/META-INF/services/jakarta.servlet.ServletContainerInitializer"),
                readme.block("initializer-service"));
        buildAndTalk(project, "websock-jakarta");
    }

    private void buildAndTalk(Path project, String... libs) throws Exception {
        buildWar(project, seedRepository());
        Path webapp = project.resolve("target/hello");
        try (Stream<Path> jars = Files.list(webapp.resolve("WEB-INF/lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString().replaceAll("-\\d.*", "")).sorted())
                    .as("WEB-INF/lib").containsExactlyInAnyOrder(libs);
        }
        int port = deploy(webapp);

        // "open http://localhost:8080/hello/": the page is there and opens the socket README's handler serves
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello/"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("new WebSocket(new URL(\"hello\"");

        // ... which resolves to /hello/hello: the handler greets, echoes numbered, and "bye" closes with 1000
        Client client = new Client();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/hello/hello"), client)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("hello! type something, or bye");
        ws.sendText("hi", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("1: hi");
        ws.sendText("again", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("2: again");
        ws.sendText("bye", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(client.next()).isEqualTo("closed 1000");
    }

    /** A new project from README's blocks: pom.xml (fresh-war-pom.xml, the BOM and {@code dependencies}) and the page. */
    private Path freshProject(Readme readme, String name, String dependencies) throws IOException {
        Path project = work.resolve(name);
        deleteRecursively(project);
        String bom = readme.block("bom");
        String release = version.replace("-SNAPSHOT", "");
        Matcher bomVersion = Pattern.compile("<version>([^<]*)</version>").matcher(bom);
        assertThat(bomVersion.find()).as("the BOM block has a <version>").isTrue();
        assertThat(bomVersion.group(1)).as("README's BOM version (the release this reactor builds)").isEqualTo(release);
        bom = bomVersion.replaceFirst("<version>" + version + "</version>"); // this reactor's build of that release

        String pom;
        try (var in = GettingStartedIT.class.getResourceAsStream("/fresh-war-pom.xml")) {
            pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        pom = pom.replace("@DEPENDENCY_MANAGEMENT@", bom).replace("@DEPENDENCIES@", dependencies);
        write(project.resolve("pom.xml"), pom);
        write(project.resolve("src/main/webapp/index.html"), readme.block("page"));
        return project;
    }

    /** A local repository holding what {@code mvn install} of this reactor would: the websock POMs and jars. */
    private Path seedRepository() throws IOException {
        Path repo = work.resolve("repo");
        Path websock = repo.resolve("io/websock");
        deleteRecursively(websock); // never a stale copy; third-party artifacts stay cached between runs
        install(repo, "websock-parent", root.resolve("pom.xml"), null);
        install(repo, "websock-bom", root.resolve("websock-bom/pom.xml"), null);
        for (String module : List.of("websock-jakarta", "websock-cdi")) {
            Path jar = root.resolve(module + "/target/" + module + "-" + version + ".jar");
            assertThat(jar).as("%s, built by this reactor before this module (mvn -pl examples/getting-started -am verify)", module)
                    .isRegularFile();
            install(repo, module, root.resolve(module + "/pom.xml"), jar);
        }
        return repo;
    }

    private void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("io/websock/" + artifactId + "/" + version));
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code mvn package} in the fresh project, as its user would run it; offline from the outer build's repository. */
    private void buildWar(Path project, Path repo) throws Exception {
        Path outerRepo = Paths.get(System.getProperty("gs.outerRepository",
                System.getProperty("user.home") + "/.m2/repository")).toAbsolutePath();
        Path settings = work.resolve("settings.xml");
        write(settings, """
                <settings>
                  <localRepository>%1$s</localRepository>
                  <profiles>
                    <profile>
                      <id>outer-build-repository</id>
                      <repositories>
                        <repository><id>outer-build</id><url>%2$s</url></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>outer-build</id><url>%2$s</url></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>outer-build-repository</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(repo, outerRepo.toUri()));
        String mavenHome = System.getProperty("gs.mavenHome", "/usr/share/maven");
        Path log = work.resolve(project.getFileName() + "-build.log");
        Process mvn = new ProcessBuilder(mavenHome + "/bin/mvn", "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo, "package")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = mvn.waitFor(3, TimeUnit.MINUTES);
        if (!done) {
            mvn.destroyForcibly();
        }
        assertThat(done && mvn.exitValue() == 0)
                .as("mvn package of the fresh project %s (log %s):%n%s", project, log, Files.readString(log))
                .isTrue();
    }

    /** The exploded WAR on embedded Tomcat 10.1 at /hello, on 127.0.0.1 and a free port. */
    private int deploy(Path webapp) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(work.resolve("tomcat")).toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setThrowOnFailure(true);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getHost().setAutoDeploy(false);
        Context context = tomcat.addWebapp("/hello", webapp.toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        Tomcat.addDefaultMimeTypeMappings(context);
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default"); // what Tomcat's conf/web.xml gives every WAR
        context.addWelcomeFile("index.html");
        tomcat.start();
        assertThat(context.getState()).as("the WAR started (Tomcat's log says why not)").isEqualTo(LifecycleState.STARTED);
        return tomcat.getConnector().getLocalPort();
    }

    /** Collects text messages and the close, in order. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add("closed " + statusCode);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add("error " + error);
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("a message within %s", WAIT).isNotNull();
            return event;
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
