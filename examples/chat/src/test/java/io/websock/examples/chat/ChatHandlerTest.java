package io.websock.examples.chat;

import io.websock.CloseReason;
import io.websock.Frame;
import io.websock.test.InJvmConnection;
import io.websock.test.cdi.WeldInJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the chat handler does, in-JVM with the test kit: the real {@link ChatHandler}, {@link Rooms} and
 * {@link ChatSettings} beans under Weld SE, no server, and a virtual clock for the presence timer (default
 * interval 5 s). The upgrade check is described by its outcome: the {@link RequireUser#USER} attribute.
 */
class ChatHandlerTest {

    private static final Duration PRESENCE_INTERVAL = Duration.ofSeconds(5);

    private WeldInJvm cdi;

    @BeforeEach
    void start() {
        cdi = WeldInJvm.start(ChatHandler.class, Rooms.class, ChatSettings.class);
    }

    @AfterEach
    void stop() {
        cdi.close();
    }

    private InJvmConnection connect(String room, String user) {
        return cdi.connect(ChatHandler.class, up -> up.pathParameter("room", room).attribute(RequireUser.USER, user));
    }

    /** Connects and reads the welcome and presence frames every member gets first. */
    private InJvmConnection join(String room, String user) {
        InJvmConnection member = connect(room, user);
        assertThat(((Frame.Text) member.nextFrame()).text()).startsWith("{\"type\":\"welcome\"");
        assertThat(((Frame.Text) member.nextFrame()).text()).startsWith("{\"type\":\"presence\"");
        return member;
    }

    @Test
    @DisplayName("Joining: welcome, then the room's presence list")
    void welcome() {
        connect("lobby", "ann")
                .expectText("{\"type\":\"welcome\",\"user\":\"ann\",\"room\":\"lobby\",\"presenceIntervalMs\":5000}")
                .expectText("{\"type\":\"presence\",\"users\":[\"ann\"]}")
                .expectNoFrame();
    }

    @Test
    @DisplayName("A message reaches every member of the room, the sender too, and no other room")
    void messagesStayInTheirRoom() {
        InJvmConnection ann = join("lobby", "ann");
        InJvmConnection ben = join("lobby", "ben");
        InJvmConnection cy = join("kitchen", "cy");

        ben.sendText("{\"type\":\"say\",\"text\":\" hi \"}");

        String said = ((Frame.Text) ann.nextFrame()).text();
        assertThat(said).startsWith("{\"type\":\"say\",\"user\":\"ben\",\"text\":\"hi\",\"at\":\"");
        ben.expectText(said);
        cy.expectNoFrame();
    }

    @Test
    @DisplayName("Typing reaches the other members only")
    void typing() {
        InJvmConnection ann = join("lobby", "ann");
        InJvmConnection ben = join("lobby", "ben");

        ben.sendText("{\"type\":\"typing\"}");

        ann.expectText("{\"type\":\"typing\",\"user\":\"ben\"}");
        ben.expectNoFrame();
    }

    @Test
    @DisplayName("Presence: the others learn of an arrival and a departure at their next tick, one interval later")
    void presenceTimer() {
        InJvmConnection ann = join("lobby", "ann");
        InJvmConnection ben = join("lobby", "ben");
        ann.expectNoFrame(); // until ann's next presence tick

        cdi.server().advance(PRESENCE_INTERVAL);
        ann.expectText("{\"type\":\"presence\",\"users\":[\"ann\",\"ben\"]}");

        ben.close(1001, "");
        ben.expectTerminated(new CloseReason.Remote(1001, ""));
        cdi.server().advance(PRESENCE_INTERVAL.minusMillis(1));
        ann.expectNoFrame();
        cdi.server().advance(Duration.ofMillis(1));
        ann.expectText("{\"type\":\"presence\",\"users\":[\"ann\"]}");
        assertThat(cdi.select(Rooms.class).roster("lobby")).containsExactly("ann");
    }

    @Test
    @DisplayName("Bad input: an error frame and the connection stays; a binary frame closes with 1003")
    void badInput() {
        InJvmConnection eve = join("errors", "eve");

        eve.sendText("{\"type\":\"dance\"}")
                .expectText("{\"type\":\"error\",\"message\":\"unknown message type dance\"}")
                .sendText("{\"type\":\"say\",\"text\":\"" + "x".repeat(ChatHandler.MAX_TEXT + 1) + "\"}")
                .expectText("{\"type\":\"error\",\"message\":\"a message is at most 2000 characters\"}")
                .expectOpen();

        eve.sendBinary(new byte[] {1, 2, 3})
                .expectClose(1003, "text frames only");
        assertThat(cdi.select(Rooms.class).roster("errors")).isEmpty();
    }
}
