package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.json.JSONObject;

/**
 * For tests that run with either org.json (client-sdk/pom.xml runs them with the JSON-java jar and
 * again with Android's implementation): which one is loaded, and helpers that use only the API both
 * have (JSON-java's {@code keySet}, {@code similar}, {@code toList} are missing on Android).
 */
public final class OrgJson {

    private OrgJson() {
    }

    /** Whether Android's org.json is loaded: it has no {@code JSONString}, JSON-java's own interface. */
    public static boolean android() {
        try {
            Class.forName("org.json.JSONString", false, JSONObject.class.getClassLoader());
            return false;
        } catch (ClassNotFoundException e) {
            return true;
        }
    }

    /** The object's keys. */
    public static Set<String> keys(JSONObject object) {
        Set<String> keys = new LinkedHashSet<>();
        for (Iterator<String> names = object.keys(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }

    /** An org.json value (JSONObject, JSONArray) as the Jackson tree of its text, to compare JSON. */
    public static JsonNode tree(Object orgJsonValue) {
        return Trees.tree(orgJsonValue.toString());
    }
}
