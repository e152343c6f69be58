package io.integrationsrealtime.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each {@code byte[]} as a Socket.IO binary placeholder, {@code {"_placeholder":true,"num":N}},
 * and keeps the arrays, in order, in a list of the writing thread: the attachments of the packet
 * being written. Clear the list before a write and read it right after.
 */
final class BinaryPlaceholders extends StdSerializer<byte[]> {

    private static final FastThreadLocal<List<byte[]>> COLLECTED = new FastThreadLocal<>() {
        @Override
        protected List<byte[]> initialValue() {
            return new ArrayList<>(2);
        }
    };

    static final BinaryPlaceholders SERIALIZER = new BinaryPlaceholders();

    private BinaryPlaceholders() {
        super(byte[].class);
    }

    /** A Jackson module that writes byte arrays this way. */
    static SimpleModule module() {
        return new SimpleModule("socket.io binary placeholders").addSerializer(byte[].class, SERIALIZER);
    }

    /** This thread's list, emptied: call before writing a packet. */
    static List<byte[]> clear() {
        List<byte[]> collected = COLLECTED.get();
        if (!collected.isEmpty()) {
            collected.clear();
        }
        return collected;
    }

    /** The arrays written on this thread since {@link #clear()}. */
    static List<byte[]> collected() {
        return COLLECTED.get();
    }

    @Override
    public void serialize(byte[] value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        List<byte[]> collected = COLLECTED.get();
        generator.writeStartObject();
        generator.writeBooleanField("_placeholder", true);
        generator.writeNumberField("num", collected.size());
        generator.writeEndObject();
        collected.add(value);
    }

    @Override
    public void serializeWithType(byte[] value, JsonGenerator generator, SerializerProvider provider, TypeSerializer types)
            throws IOException {
        serialize(value, generator, provider);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, byte[] value) {
        return value == null;
    }
}
