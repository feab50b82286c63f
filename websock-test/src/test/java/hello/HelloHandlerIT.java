package hello;

import io.websock.test.client.WebSockTestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

@ExtendWith(ArquillianExtension.class)
class HelloHandlerIT {

    @Deployment(testable = false)        // client mode: the test runs here, the WAR on the server
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "hello.war")
                .addClass(HelloHandler.class)
                .addAsWebInfResource("beans.xml")  // src/test/resources/beans.xml, as in Getting started
                .addAsLibraries(Maven.resolver().resolve("io.websock:websock-cdi:0.1.0").withTransitivity().asFile());
    }

    @ArquillianResource
    URL deployment;

    @Test
    void countsWhatItIsTold() {
        try (WebSockTestClient client = WebSockTestClient.connect(deployment, "/hello")) {
            client.expectText("hello! type something, or bye");
            client.sendText("hi").expectText("1: hi");
            client.sendText("bye").expectClose(1000, "");
        }
    }
}
