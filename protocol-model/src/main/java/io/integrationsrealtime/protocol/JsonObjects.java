package io.integrationsrealtime.protocol;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Free-form JSON objects ({@code params}, {@code requestData}, {@code data}, {@code usage}) are
 * plain Java maps of maps, lists, strings, numbers, booleans and nulls. Records keep deep,
 * unmodifiable copies so that a payload cannot change after it was built.
 *
 * <p>A copy made here is known to be deep and unmodifiable, so copying it again returns it as is:
 * records that are rebuilt from each other ({@code withSeq}, {@code success}) copy once.
 */
public final class JsonObjects {

    private JsonObjects() {
    }

    /**
     * A deep unmodifiable copy; {@code null} becomes the empty object. Nested maps and lists are
     * copied too (map keys become strings); other values are kept as they are. Copying a copy
     * made here returns it unchanged.
     *
     * @param source a JSON object as maps, lists, strings, numbers, booleans and nulls, or
     *               {@code null}
     * @return the copy, with the source's iteration order; never {@code null}
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyOf(Map<String, ?> source) {
        if (source == null || source.isEmpty()) {
            return Collections.emptyMap();
        }
        if (source instanceof FrozenMap) {
            return (Map<String, Object>) source;
        }
        Map<String, Object> copy = new LinkedHashMap<>(source.size() * 2);
        source.forEach((key, value) -> copy.put(key, copyValue(value)));
        return new FrozenMap(copy);
    }

    /**
     * Like {@link #copyOf} but keeps {@code null} as {@code null}.
     *
     * @param source a JSON object, or {@code null}
     * @return the copy, or {@code null}
     */
    public static Map<String, Object> copyOfNullable(Map<String, ?> source) {
        return source == null ? null : copyOf(source);
    }

    private static Object copyValue(Object value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, nested) -> copy.put(String.valueOf(key), copyValue(nested)));
            return new FrozenMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copyValue(item)));
            return new FrozenList(copy);
        }
        return value;
    }

    /** A map made by {@link #copyOf}: unmodifiable, and so are all its values. */
    private static final class FrozenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        private FrozenMap(Map<String, Object> copy) {
            this.entries = Collections.unmodifiableMap(copy);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /** A list made by {@link #copyOf}: unmodifiable, and so are all its items. */
    private static final class FrozenList extends AbstractList<Object> {
        private final List<Object> items;

        private FrozenList(List<Object> copy) {
            this.items = copy;
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }
}
