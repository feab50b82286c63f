package io.websock.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

/**
 * The scenarios of SPEC §7 that one deployment can show, run from the client side against the test WAR on
 * the server named by {@code it.server}. Each scenario family lives in its own interface; mixing them into
 * one class deploys the WAR once per server instead of once per family.
 */
@ExtendWith(ArquillianExtension.class)
class ScenariosIT implements HandshakeScenarios, ResultScenarios, FrameScenarios, LifecycleScenarios, CdiScenarios,
        BlockedScenarios {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.war("it");
    }

    @ArquillianResource
    URL url;

    @Override
    public Site site() {
        return Site.of(url);
    }
}
