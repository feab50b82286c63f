package io.websock.cdi;

import io.websock.Connection;
import io.websock.Frame;
import io.websock.Result;
import io.websock.WebSock;
import io.websock.WebSockOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Scenario 22, definition errors: Weld SE started with a deliberately bad handler must refuse to deploy,
 * with a message naming the bean class and the problem. Nothing is skipped silently.
 */
class DefinitionErrorTest {

    /** Echo, for the handlers below; not itself annotated. */
    abstract static class Base implements WebSock<Object> {
        @Override
        public Result<Object> init(Connection connection) {
            return Result.ok("");
        }

        @Override
        public Result<Object> handleIn(Frame.Data frame, Object state) {
            return Result.push(frame, state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            return Result.ok(state);
        }
    }

    @WebSockHandler("/not-a-handler")
    static class NotAHandler {
    }

    @WebSockHandler("/fine")
    static class FineHandler extends Base {
    }

    @jakarta.enterprise.context.ApplicationScoped
    @io.websock.cdi.UpgradeCheckFor(String.class)
    static class CheckForNothing implements io.websock.UpgradeCheck {
        @Override
        public io.websock.UpgradeDecision check(io.websock.UpgradeRequest request) {
            return io.websock.UpgradeDecision.permit();
        }
    }

    @WebSockHandler("/rooms/{room}")
    static class RoomsA extends Base {
    }

    @WebSockHandler(path = "/rooms/{id}")
    static class RoomsB extends Base {
    }

    @WebSockHandler("chat/{room}")
    static class NoLeadingSlash extends Base {
    }

    @WebSockHandler("/chat/{room")
    static class BrokenParameter extends Base {
    }

    @WebSockHandler
    static class NoPath extends Base {
    }

    @WebSockHandler(value = "/a", path = "/b")
    static class TwoPaths extends Base {
    }

    @WebSockHandler(path = "/neg", maxMessageSize = "-1")
    static class NegativeSize extends Base {
    }

    @WebSockHandler(path = "/neg-buffer", outboundBufferLimit = "-64K")
    static class NegativeBuffer extends Base {
    }

    @WebSockHandler(path = "/mailbox", mailboxLimit = -5)
    static class NegativeMailbox extends Base {
    }

    @WebSockHandler(path = "/size", maxMessageSize = "lots")
    static class UnreadableSize extends Base {
    }

    @WebSockHandler(path = "/timeout", timeout = "soon")
    static class UnreadableDuration extends Base {
    }

    @WebSockHandler(path = "/timeout-neg", timeout = "-5s")
    static class NegativeDuration extends Base {
    }

    @WebSockHandler(path = "/blocked-neg", blockedWarning = "-1s")
    static class NegativeBlockedWarning extends Base {
    }

    @WebSockHandler(path = "/executor-name", executor = "concurrent/websock")
    static class NotAJndiName extends Base {
    }

    @WebSockHandler(path = "/origin", allowedOrigins = {"https://example.com", "ftp:/bad origin"})
    static class BadOrigin extends Base {
    }

    @WebSockHandler(path = "/origin-star", allowedOrigins = {"*", "https://example.com"})
    static class StarAndMore extends Base {
    }

    @WebSockHandler(path = "/proto", subprotocols = {"v1", "v 2"})
    static class BadSubprotocol extends Base {
    }

    @RequestScoped
    @WebSockHandler("/request")
    static class RequestScopedHandler extends Base {
    }

    @WebSockHandler("/abstract")
    abstract static class AbstractHandler extends Base {
    }

    // Serializable, so that Weld's own passivation check has nothing to say: only the extension refuses these.
    @jakarta.enterprise.context.SessionScoped
    @WebSockHandler("/session")
    static class SessionScopedHandler extends Base implements java.io.Serializable {
    }

    @jakarta.enterprise.context.ConversationScoped
    @WebSockHandler("/conversation")
    static class ConversationScopedHandler extends Base implements java.io.Serializable {
    }

    @ApplicationScoped
    @WebSockHandler(path = "/fine", timeout = "90s", pingInterval = "PT10S", sendTimeout = "1500ms",
            maxMessageSize = "64K", outboundBufferLimit = "2MiB", mailboxLimit = 50, compress = true,
            subprotocols = "v1", allowedOrigins = "//*.example.com", earlyValidateUpgrade = false,
            blockedWarning = "750ms")
    static class Fine extends Base {
    }

    private static Throwable deploy(Class<?>... beanClasses) {
        Throwable thrown = catchThrowable(() -> {
            new Weld("websock-cdi-definition-" + beanClasses[0].getSimpleName())
                    .disableDiscovery()
                    .addBeanClasses(beanClasses)
                    .addExtension(new WebSockExtension())
                    .initialize()
                    .shutdown(); // only reached if deployment wrongly succeeded
        });
        assertThat(thrown).as("deployment of %s must fail", (Object) beanClasses).isNotNull();
        assertThat(thrown).isInstanceOfAny(DeploymentException.class, DefinitionException.class);
        return thrown;
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    @DisplayName("S22 definition error: an upgrade check naming a class that is not a handler")
    void s22_check_for_a_non_handler() {
        assertThat(messages(deploy(FineHandler.class, CheckForNothing.class)))
                .contains("upgrade check " + CheckForNothing.class.getName(), "names java.lang.String",
                        "not a @WebSockHandler bean");
    }

    @Test
    @DisplayName("S22 definition error: a @WebSockHandler bean that does not implement WebSock")
    void s22_not_a_handler() {
        assertThat(messages(deploy(NotAHandler.class)))
                .contains("@WebSockHandler bean " + NotAHandler.class.getName(), "does not implement io.websock.WebSock");
    }

    @Test
    @DisplayName("S22 definition error: two handlers on one path (parameter names do not make paths differ)")
    void s22_two_handlers_on_one_path() {
        assertThat(messages(deploy(RoomsA.class, RoomsB.class)))
                .contains("two @WebSockHandler beans on one path", RoomsA.class.getName() + " at /rooms/{room}",
                        RoomsB.class.getName() + " at /rooms/{id}");
    }

    @Test
    @DisplayName("S22 definition error: malformed path templates, a missing path, two paths")
    void s22_malformed_path() {
        assertThat(messages(deploy(NoLeadingSlash.class)))
                .contains(NoLeadingSlash.class.getName(), "malformed path", "\"chat/{room}\" must start with '/'");
        assertThat(messages(deploy(BrokenParameter.class)))
                .contains(BrokenParameter.class.getName(), "malformed path", "\"/chat/{room\"", "malformed parameter segment");
        assertThat(messages(deploy(NoPath.class))).contains(NoPath.class.getName(), "no path");
        assertThat(messages(deploy(TwoPaths.class)))
                .contains(TwoPaths.class.getName(), "two paths", "\"/a\"", "\"/b\"");
    }

    @Test
    @DisplayName("S22 definition error: negative sizes name the bean, the option and the value")
    void s22_negative_sizes() {
        assertThat(messages(deploy(NegativeSize.class)))
                .contains(NegativeSize.class.getName(), "maxMessageSize = \"-1\"", "must be positive");
        assertThat(messages(deploy(NegativeBuffer.class)))
                .contains(NegativeBuffer.class.getName(), "outboundBufferLimit = \"-64K\"", "must be positive");
        assertThat(messages(deploy(NegativeMailbox.class)))
                .contains(NegativeMailbox.class.getName(), "mailboxLimit = \"-5\"", "must be positive");
        assertThat(messages(deploy(UnreadableSize.class)))
                .contains(UnreadableSize.class.getName(), "maxMessageSize = \"lots\"", "not a size");
    }

    @Test
    @DisplayName("S22 definition error: unreadable or negative durations")
    void s22_bad_durations() {
        assertThat(messages(deploy(UnreadableDuration.class)))
                .contains(UnreadableDuration.class.getName(), "timeout = \"soon\"", "not a duration");
        assertThat(messages(deploy(NegativeDuration.class)))
                .contains(NegativeDuration.class.getName(), "timeout = \"-5s\"", "must not be negative");
        assertThat(messages(deploy(NegativeBlockedWarning.class))).contains(NegativeBlockedWarning.class.getName(),
                "invalid option blockedWarning = \"-1s\": blockedWarning must not be negative, got PT-1S");
        assertThat(messages(deploy(NotAJndiName.class))).contains(NotAJndiName.class.getName(),
                "invalid option executor = \"concurrent/websock\": not a JNDI name");
    }

    @Test
    @DisplayName("S22 definition error: a bad origin entry, '*' mixed with origins, a bad subprotocol")
    void s22_bad_origin_and_subprotocol() {
        assertThat(messages(deploy(BadOrigin.class)))
                .contains(BadOrigin.class.getName(), "allowedOrigins", "\"ftp:/bad origin\" is not an origin pattern");
        assertThat(messages(deploy(StarAndMore.class)))
                .contains(StarAndMore.class.getName(), "\"*\" (any origin) cannot be combined");
        assertThat(messages(deploy(BadSubprotocol.class)))
                .contains(BadSubprotocol.class.getName(), "subprotocols", "\"v 2\"");
    }

    @Test
    @DisplayName("S22 definition error: a request-scoped handler, an annotated class CDI cannot make a bean of")
    void s22_bad_scope_and_not_a_bean() {
        assertThat(messages(deploy(RequestScopedHandler.class)))
                .contains(RequestScopedHandler.class.getName(), "is @RequestScoped");
        assertThat(messages(deploy(AbstractHandler.class)))
                .contains(AbstractHandler.class.getName(), "is not a bean");
    }

    @Test
    @DisplayName("S22 definition error: @SessionScoped and @ConversationScoped handlers are refused at deployment")
    void s22_session_and_conversation_scopes() {
        assertThat(messages(deploy(SessionScopedHandler.class)))
                .contains("@WebSockHandler bean " + SessionScopedHandler.class.getName(), "is @SessionScoped");
        assertThat(messages(deploy(ConversationScopedHandler.class)))
                .contains("@WebSockHandler bean " + ConversationScopedHandler.class.getName(), "is @ConversationScoped");
    }

    @Test
    @DisplayName("S22 every error is reported, not just the first")
    void s22_all_errors_reported() {
        assertThat(messages(deploy(NotAHandler.class, NegativeSize.class, UnreadableDuration.class)))
                .contains(NotAHandler.class.getName(), NegativeSize.class.getName(), UnreadableDuration.class.getName());
    }

    @Test
    @DisplayName("S22 valid options in every form deploy and map to WebSockOptions")
    void s22_valid_options_map() {
        WebSockOptions o = AnnotationOptions.options(Fine.class.getAnnotation(WebSockHandler.class));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.sendTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.maxMessageSize()).isEqualTo(64 * 1024);
        assertThat(o.outboundBufferLimit()).isEqualTo(2L * 1024 * 1024);
        assertThat(o.mailboxLimit()).isEqualTo(50);
        assertThat(o.compress()).isTrue();
        assertThat(o.subprotocols()).containsExactly("v1");
        assertThat(o.allowedOrigins()).containsExactly("//*.example.com");
        assertThat(o.earlyValidateUpgrade()).isFalse();
        assertThat(o.blockedWarning()).isEqualTo(Duration.ofMillis(750));
        // An annotation with nothing set gives the library defaults.
        WebSockOptions defaults = AnnotationOptions.options(RoomsA.class.getAnnotation(WebSockHandler.class));
        assertThat(defaults.toString()).isEqualTo(WebSockOptions.DEFAULTS.toString());
        try (WeldContainer weld = new Weld("websock-cdi-definition-fine").disableDiscovery()
                .addBeanClasses(Fine.class).addExtension(new WebSockExtension()).initialize()) {
            assertThat(weld.getBeanManager().getExtension(WebSockExtension.class).handlers())
                    .containsExactly(java.util.Map.entry("/fine", Fine.class));
        }
    }

    @Test
    @DisplayName("S22 durations and sizes parse in the documented forms")
    void s22_duration_and_size_forms() {
        assertThat(AnnotationOptions.parseDuration("0")).isZero();
        assertThat(AnnotationOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(AnnotationOptions.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(AnnotationOptions.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(AnnotationOptions.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AnnotationOptions.parseSize("65536")).isEqualTo(65536);
        assertThat(AnnotationOptions.parseSize("64KB")).isEqualTo(65536);
        assertThat(AnnotationOptions.parseSize("1m")).isEqualTo(1 << 20);
        assertThat(AnnotationOptions.parseSize("1GiB")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> AnnotationOptions.parseSize("1 TB")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> AnnotationOptions.parseDuration("10 days")).hasMessageContaining("not a duration");
    }
}
