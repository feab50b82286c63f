package io.websock.it.wildfly;

import io.websock.it.wildfly.jms.JmsBusProducer;
import io.websock.it.wildfly.jms.TopicsHandler;
import io.websock.test.client.WebSockTestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C8 on WildFly {@code standalone-full}: two WARs (two {@code WebSockServer}s, each with a
 * {@link io.websock.jms.JmsTopicBus} produced as a CDI bean on the server's own Artemis broker) share one JMS
 * topic and deliver to each other's subscribers. WAR {@code a} defines the topic ({@code WEB-INF/websock-jms.xml},
 * a WildFly messaging deployment descriptor), so it is deployed first.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JmsTopicsIT {

    private static final String TOPIC_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <messaging-deployment xmlns="urn:jboss:messaging-activemq-deployment:1.0">
              <server>
                <jms-destinations>
                  <jms-topic name="websock">
                    <entry name="java:/jms/topic/websock"/>
                  </jms-topic>
                </jms-destinations>
              </server>
            </messaging-deployment>
            """;
    private static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    @Deployment(name = "a", order = 1, testable = false)
    static WebArchive a() {
        return war("jms-a").addAsWebInfResource(new StringAsset(TOPIC_XML), "websock-jms.xml");
    }

    @Deployment(name = "b", order = 2, testable = false)
    static WebArchive b() {
        return war("jms-b");
    }

    private static WebArchive war(String name) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(TopicsHandler.class, JmsBusProducer.class)
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml");
        for (String dir : List.of(System.getProperty("it.war.lib"), System.getProperty("it.jms.lib"))) {
            try (Stream<Path> jars = Files.list(Path.of(dir))) {
                jars.filter(p -> p.toString().endsWith(".jar") && !p.getFileName().toString().startsWith("weld"))
                        .forEach(p -> war.addAsLibrary(new File(p.toString())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + dir, e);
            }
        }
        return war;
    }

    private static URI ws(URL base, String path) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + base.getPath() + path.substring(1));
    }

    private static WebSockTestClient subscribe(URL base) {
        return WebSockTestClient.connect(ws(base, "/t/room")).expectText("ready");
    }

    @Test
    @DisplayName("C8 (WildFly standalone-full) two WARs share one JMS topic of the server's broker: each publish reaches the subscribers of both, once")
    void twoWarsShareATopic(@ArquillianResource @OperateOnDeployment("a") URL a,
                            @ArquillianResource @OperateOnDeployment("b") URL b) {
        try (WebSockTestClient onA = subscribe(a); WebSockTestClient onB = subscribe(b)) {
            // the receiving loops connect asynchronously: publish from A until B has one (then it is listening)
            String first = null;
            onB.timeout(Duration.ofMillis(200));
            for (int i = 0; i < 50 && first == null; i++) {
                onA.sendText("pub warm-" + i).expectText("local 1").expectText("warm-" + i);
                try {
                    first = onB.nextText();
                } catch (AssertionError notYet) {
                    // nothing reached B within 200 ms: publish again
                }
            }
            onB.timeout(WebSockTestClient.DEFAULT_TIMEOUT);
            assertThat(first).as("B received a message published on A").startsWith("warm-");
            onA.sendText("pub from a").expectText("local 1").expectText("from a");
            assertThat(nextOf(onB, "from a")).isEqualTo("from a");
            onB.sendText("pub from b").expectText("local 1").expectText("from b");
            onA.expectText("from b");
        }
    }

    /** B may still get late warm-up messages first; they come before "from a" (one sender, in order). */
    private static String nextOf(WebSockTestClient client, String wanted) {
        for (int i = 0; i < 100; i++) {
            String text = client.nextText();
            if (text.equals(wanted)) {
                return text;
            }
            assertThat(text).startsWith("warm-");
        }
        throw new AssertionError("no " + wanted);
    }
}
