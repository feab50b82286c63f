package io.websock.it.payara;

import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Payara Micro's Arquillian adapter starts one Payara Micro JVM per deployment and stops it with
 * {@code Process.destroy()} without waiting. The next deployment's JVM can then find the HTTP port still
 * held by the previous one, fails with "Address already in use" — and does not exit (Hazelcast's threads
 * keep it alive), so the adapter waits out its whole startup timeout. Before every deployment this waits
 * until the port ({@code it.port}) can be bound on 127.0.0.1 again.
 */
public final class PortFreeBeforeDeploy implements LoadableExtension {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Waiter.class);
    }

    /** The observer Arquillian instantiates. */
    public static final class Waiter {

        public void awaitFreePort(@Observes BeforeDeploy event) {
            int port = Integer.parseInt(System.getProperty("it.port"));
            await("port " + port + " free after the previous Payara Micro was stopped")
                    .atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> free(port));
        }

        private static boolean free(int port) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return true;
            } catch (IOException inUse) {
                return false;
            }
        }
    }
}
