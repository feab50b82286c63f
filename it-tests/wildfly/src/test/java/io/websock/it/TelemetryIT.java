package io.websock.it;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TelemetryScenarios} on this server's MicroProfile Telemetry. */
@ExtendWith(ArquillianExtension.class)
class TelemetryIT extends TelemetryScenarios {
}
