package io.websock.it;

import io.websock.test.client.RawWebSocket;
import io.websock.test.client.WebSockTestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat example's WAR, as its module builds it, deployed unchanged to this server: the example is
 * deployable to every server of the matrix, not only to the demo's embedded Tomcat.
 */
@ExtendWith(ArquillianExtension.class)
class ChatWarIT {

    @Deployment(testable = false)
    static WebArchive chat() {
        String path = System.getProperty("it.chat.war");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property it.chat.war must name the chat example's WAR, got " + path);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(path));
    }

    @ArquillianResource
    URL url;

    @Test
    @DisplayName("Chat example WAR: refused without a user name (401); a message from one member reaches the other")
    void chatWorks() throws Exception {
        Site site = Site.of(url);
        try (RawWebSocket anonymous = RawWebSocket.upgrade(site.ws("/chat/lobby"))) {
            assertThat(anonymous.status()).as(anonymous.head()).isEqualTo(401);
        }
        try (WebSockTestClient ann = Site.connect(site.ws("/chat/it?user=ann"));
             WebSockTestClient ben = Site.connect(site.ws("/chat/it?user=ben"))) {
            assertThat(ann.nextText()).startsWith("{\"type\":\"welcome\",\"user\":\"ann\"");
            ben.sendText("{\"type\":\"say\",\"text\":\"hi ann\"}");
            assertThat(Stream.generate(ann::nextText).filter(t -> t.contains("\"type\":\"say\"")).findFirst())
                    .hasValueSatisfying(said -> assertThat(said).contains("\"user\":\"ben\"", "\"text\":\"hi ann\""));
        }
        // /metrics: websock-micrometer's CDI bean found the chat's MeterRegistry bean on this server's CDI.
        String path = "path=\"/chat/{room}\"";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = metrics(site);
            assertThat(scrape).contains("websock_connections_opened_total{" + path + "} 2.0");
            assertThat(scrape).contains("websock_connections_open{" + path + "} 0.0");
            assertThat(scrape).contains("websock_upgrades_refused_total{check=\"upgrade_check\"," + path + ",status=\"401\"} 1.0");
            assertThat(scrape).contains("websock_messages_total{direction=\"in\"," + path + ",type=\"text\"} 1.0");
        });
    }

    private static String metrics(Site site) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + site.port + site.raw("/metrics"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return response.body();
    }
}
