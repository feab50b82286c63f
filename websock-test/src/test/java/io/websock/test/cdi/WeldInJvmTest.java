package io.websock.test.cdi;

import io.websock.CloseReason;
import io.websock.Fault;
import io.websock.test.InJvmConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CDI handler beans in-JVM: Weld SE with a fake dependency, websock-cdi's own extension, the in-JVM driver. */
class WeldInJvmTest {

    @Test
    @DisplayName("S22 a @WebSockHandler bean with a fake dependency: injection, request scope per callback, options, topics, @Dependent destroyed")
    void handlerBeanWithFake() {
        try (WeldInJvm cdi = WeldInJvm.start(GreetHandler.class, FakeGreeter.class, CallCounter.class, Lifecycle.class)) {
            InJvmConnection ann = cdi.connect(GreetHandler.class, up -> up.pathParameter("name", "ann"));
            InJvmConnection bob = cdi.connect(GreetHandler.class, up -> up.pathParameter("name", "bob"));
            ann.expectText("fake hello ann");
            bob.expectText("fake hello bob");
            assertThat(cdi.select(FakeGreeter.class).greeted()).containsExactly("ann", "bob");

            ann.sendText("count").expectText("2").sendText("count").expectText("2"); // a fresh request per callback

            ann.sendText("pub:hi");
            ann.expectText("news:hi");
            bob.expectText("news:hi");

            bob.sendText("x".repeat(17)).expectClose(1009, "message too big") // the annotation's maxMessageSize
                    .expectTerminated(new CloseReason.Error(Fault.MESSAGE_TOO_BIG));
            assertThat(cdi.select(Lifecycle.class).destroyedCount()).isOne();
            ann.close(1000, "").expectTerminated(new CloseReason.Remote(1000, ""));
            assertThat(cdi.select(Lifecycle.class).destroyedCount()).isEqualTo(2);
            assertThat(cdi.server().registry().count()).isZero();
        }
    }

    @Test
    @DisplayName("deployment problems fail at start, naming them; an unknown handler class is named")
    void startFailures() {
        assertThatThrownBy(() -> WeldInJvm.start(GreetHandler.class, CallCounter.class, Lifecycle.class))
                .hasMessageContaining("Greeter");
        try (WeldInJvm cdi = WeldInJvm.start(GreetHandler.class, FakeGreeter.class, CallCounter.class, Lifecycle.class)) {
            assertThatThrownBy(() -> cdi.connect(FakeGreeter.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("FakeGreeter is not a deployed @WebSockHandler bean");
        }
    }
}
