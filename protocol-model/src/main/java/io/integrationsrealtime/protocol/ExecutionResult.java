package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code result} of a completed execution or test. The caller gets {@code data}; the others in
 * the room get the summary, which has no {@code data} at all.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionResult(
        @JsonProperty("success") boolean success,
        @JsonProperty("data") Map<String, Object> data) {

    public ExecutionResult {
        data = JsonObjects.copyOfNullable(data);
    }

    public static ExecutionResult success(Map<String, ?> data) {
        return new ExecutionResult(true, JsonObjects.copyOf(data));
    }

    /** The form others in the room see: success only. */
    public ExecutionResult summary() {
        return new ExecutionResult(success, null);
    }

    /** Whether this is a summary (the caller's own result always has {@code data}). */
    @JsonIgnore
    public boolean isSummary() {
        return data == null;
    }
}
