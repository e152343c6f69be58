package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frames OwnWriterWebSocket writes, read back as a server reads them (RFC 6455, section 5.2). */
class OwnWriterWebSocketTest {

    /** A frame read back: its first byte, payload length and unmasked payload. */
    private record Read(int first, boolean masked, long length, byte[] payload) {
    }

    private static Read read(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        int first = in.get() & 0xFF;
        int second = in.get() & 0xFF;
        long length = second & 0x7F;
        if (length == 126) {
            length = in.getShort() & 0xFFFF;
        } else if (length == 127) {
            length = in.getLong();
        }
        byte[] key = new byte[4];
        in.get(key);
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= key[i & 3];
        }
        return new Read(first, (second & 0x80) != 0, length, payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void everyLengthEncodingReadsBack(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }

        byte[] frame = OwnWriterWebSocket.frame(0x2, payload);
        Read read = read(frame);

        assertThat(read.first()).isEqualTo(0x82);  // FIN, binary
        assertThat(read.masked()).isTrue();         // a client's frames are always masked
        assertThat(read.length()).isEqualTo(length);
        assertThat(read.payload()).isEqualTo(payload);
        int headerLength = length < 126 ? 2 : length <= 65_535 ? 4 : 10;
        assertThat(frame).hasSize(headerLength + 4 + length);  // the shortest length form is used
    }

    @Test
    void textFramesCarryUtf8AndEachHasItsOwnKey() {
        String text = "42[\"integration:execute\",{\"q\":\"héllo ☃ 😀\"}]";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

        Read first = read(OwnWriterWebSocket.frame(0x1, utf8));
        assertThat(first.first()).isEqualTo(0x81);
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo(text);

        // Masking keys differ between frames (the same text never goes out as the same bytes twice
        // in a row, but for the one-in-2^32 chance of equal keys, compare over several).
        Set<String> masked = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            masked.add(Arrays.toString(OwnWriterWebSocket.frame(0x1, utf8)));
        }
        assertThat(masked).hasSizeGreaterThan(1);
    }
}
