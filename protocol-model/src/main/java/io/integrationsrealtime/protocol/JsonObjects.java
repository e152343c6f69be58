package io.integrationsrealtime.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON objects ({@code params}, {@code requestData}, {@code data}, {@code usage}) are
 * plain Java maps of maps, lists, strings, numbers, booleans and nulls. Records keep deep,
 * unmodifiable copies so that a payload cannot change after it was built.
 */
public final class JsonObjects {

    private JsonObjects() {
    }

    /** A deep unmodifiable copy; {@code null} becomes the empty object. */
    public static Map<String, Object> copyOf(Map<String, ?> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(source.size() * 2);
        source.forEach((key, value) -> copy.put(key, copyValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    /** Like {@link #copyOf} but keeps {@code null} as {@code null}. */
    public static Map<String, Object> copyOfNullable(Map<String, ?> source) {
        return source == null ? null : copyOf(source);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, nested) -> copy.put(String.valueOf(key), copyValue(nested)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copyValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
