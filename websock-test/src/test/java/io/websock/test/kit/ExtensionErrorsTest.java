package io.websock.test.kit;

import io.websock.test.client.WebSockTestClient;
import io.websock.test.junit.EmbeddedContainer;
import io.websock.test.junit.Endpoints;
import io.websock.test.junit.WebSockEndpoints;
import io.websock.test.junit.WebSockTest;
import io.websock.test.junit.WebSockTestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** What the extension says when it is misused or its container is missing. */
class ExtensionErrorsTest {

    private static volatile boolean launching;

    /** The failures of running {@code fixture} (a nested class that runs only from here, see {@link Fixture}). */
    private static synchronized List<Throwable> failuresOf(Class<?> fixture) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launching = true;
        try {
            launcher.execute(request().selectors(selectClass(fixture)).build(), listener);
        } finally {
            launching = false;
        }
        return listener.getSummary().getFailures().stream().map(TestExecutionSummary.Failure::getException).toList();
    }

    /** Disables the fixtures unless {@link #failuresOf} runs them (a build that selects nested classes skips them). */
    static final class Fixture implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return launching ? ConditionEvaluationResult.enabled("run by failuresOf")
                    : ConditionEvaluationResult.disabled("a fixture of ExtensionErrorsTest");
        }
    }

    @ExtendWith(Fixture.class)
    @WebSockTest
    static class NoEndpoints {
        @Test
        void test() {
        }
    }

    @ExtendWith(Fixture.class)
    @WebSockTest
    static class InstanceEndpointsPerClass {
        @WebSockEndpoints
        void endpoints(Endpoints endpoints) {
        }

        @Test
        void test() {
        }
    }

    @ExtendWith(Fixture.class)
    @WebSockTest
    static class ClientWithoutPath {
        @WebSockEndpoints
        static void endpoints(Endpoints endpoints) {
            endpoints.add("/cmd", new CommandHandler());
        }

        @Test
        void test(WebSockTestClient client) {
        }
    }

    @Test
    @DisplayName("no @WebSockEndpoints method: the class fails saying what to add")
    void noEndpoints() {
        assertThat(failuresOf(NoEndpoints.class)).singleElement().extracting(Throwable::getMessage).asString()
                .isEqualTo(NoEndpoints.class.getName() + " has no @WebSockEndpoints method: add one such as "
                        + "`@WebSockEndpoints static void endpoints(Endpoints endpoints) { endpoints.add(\"/echo\", "
                        + "new EchoHandler()); }`");
    }

    @Test
    @DisplayName("an instance @WebSockEndpoints method with one server per class: the class fails naming the method")
    void instanceMethod() {
        assertThat(failuresOf(InstanceEndpointsPerClass.class)).singleElement().extracting(Throwable::getMessage).asString()
                .startsWith("@WebSockEndpoints method ").contains("InstanceEndpointsPerClass.endpoints(")
                .endsWith("must be static: one server serves the whole class (or use @WebSockTest(lifecycle = PER_TEST))");
    }

    @Test
    @DisplayName("a client parameter without @WebSockPath: the test fails asking where to connect")
    void clientWithoutPath() {
        assertThat(failuresOf(ClientWithoutPath.class)).singleElement().extracting(Throwable::getMessage).asString()
                .contains("needs @WebSockPath(\"/path\"): where should it connect?");
    }

    @Test
    @DisplayName("a container missing from the class path: the error names the artifacts to add")
    void missingContainer() {
        ClassLoader empty = new ClassLoader(null) {
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(empty);
        try {
            for (EmbeddedContainer container : EmbeddedContainer.values()) {
                assertThatThrownBy(() -> WebSockTestServer.start(container, endpoints -> { }))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("The embedded container " + container + " is not on the test class path")
                        .hasMessageContaining("add " + container.artifacts() + " to your test dependencies");
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(EmbeddedContainer.JETTY.artifacts()).contains("org.eclipse.jetty.ee10.websocket:jetty-ee10-websocket-jakarta-server");
    }
}
