package io.websock.spi;

import io.websock.Frame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicWireTest {

    /** An application codec: dates as ISO text. */
    static class DateCodec implements TopicCodec {
        @Override
        public String name() {
            return "iso-date";
        }

        @Override
        public boolean accepts(Object message) {
            return message instanceof LocalDate;
        }

        @Override
        public byte[] encode(Object message) {
            return message.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes) {
            return LocalDate.parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("C5 the built-in types travel unchanged: String, byte[], every Frame")
    void builtIns() {
        TopicWire wire = TopicWire.builtIn();
        assertThat(wire.decode(wire.encode("héllo"))).isEqualTo("héllo");
        assertThat((byte[]) wire.decode(wire.encode(new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
        assertThat(wire.decode(wire.encode(Frame.text("t")))).isEqualTo(Frame.text("t"));
        assertThat(wire.decode(wire.encode(Frame.binary(new byte[] {9})))).isEqualTo(Frame.binary(new byte[] {9}));
        assertThat(wire.decode(wire.encode(Frame.ping(new byte[] {7})))).isEqualTo(Frame.ping(new byte[] {7}));
        assertThat(wire.decode(wire.encode(Frame.pong()))).isEqualTo(Frame.pong());
        assertThat(wire.decode(wire.encode(""))).isEqualTo("");
    }

    @Test
    @DisplayName("C5 a type nothing carries fails at encode, naming the type and the fix")
    void unsupported() {
        assertThatThrownBy(() -> TopicWire.builtIn().encode(LocalDate.of(2026, 11, 30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.time.LocalDate")
                .hasMessageContaining("TopicCodec")
                .hasMessageContaining("String, byte[] and io.websock.Frame");
        assertThatThrownBy(() -> TopicWire.builtIn().encode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("C5 an application codec carries its type; a server without it refuses the bytes by name")
    void codecs() {
        TopicWire wire = TopicWire.with(new DateCodec());
        LocalDate day = LocalDate.of(2026, 11, 30);
        byte[] bytes = wire.encode(day);
        assertThat(wire.decode(bytes)).isEqualTo(day);
        assertThat(wire.decode(wire.encode("still built in"))).isEqualTo("still built in");
        assertThatThrownBy(() -> TopicWire.builtIn().decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"iso-date\"");
        assertThatThrownBy(() -> wire.encode(new Object()))
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("[iso-date]");
    }

    @Test
    @DisplayName("C5 codec names: reserved, duplicate and empty names are refused when the wire is made")
    void names() {
        TopicCodec reserved = new DateCodec() {
            @Override
            public String name() {
                return "websock.date";
            }
        };
        assertThatThrownBy(() -> TopicWire.with(reserved)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> TopicWire.with(new DateCodec(), new DateCodec())).hasMessageContaining("two topic codecs named \"iso-date\"");
        TopicCodec empty = new DateCodec() {
            @Override
            public String name() {
                return "";
            }
        };
        assertThatThrownBy(() -> TopicWire.with(empty)).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> TopicWire.builtIn().decode(new byte[] {5, 'a'})).hasMessageContaining("malformed");
    }
}
