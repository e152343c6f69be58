package io.integrationsrealtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonObjectsTest {

    private static Map<String, Object> source() {
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("id", "1"));
        List<Object> items = new ArrayList<>(List.of(nested, "two", 3));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("items", items);
        source.put("n", 1);
        return source;
    }

    @Test
    void copyIsDeep_unmodifiable_andWritesTheSameJson() {
        Map<String, Object> source = source();
        Map<String, Object> copy = JsonObjects.copyOf(source);
        String json = ProtocolJson.write(source);

        ((Map<String, Object>) ((List<Object>) source.get("items")).get(0)).put("id", "changed");
        ((List<Object>) source.get("items")).add("four");
        source.put("n", 2);

        assertThat(ProtocolJson.write(copy)).isEqualTo(json);
        assertThat(copy).isEqualTo(ProtocolJson.read(json, Map.class));
        List<Object> items = (List<Object>) copy.get("items");
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> items.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> items.iterator().remove()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) items.get(0)).remove("id")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copyOfACopy_isTheSameObject_andNestedCopiesAreKept() {
        Map<String, Object> copy = JsonObjects.copyOf(source());

        assertThat(JsonObjects.copyOf(copy)).isSameAs(copy);
        Map<String, Object> wrapping = JsonObjects.copyOf(Map.of("inner", copy));
        assertThat(wrapping.get("inner")).isSameAs(copy);
        assertThat(ExecutionResult.success(copy).data()).isSameAs(copy);
    }
}
