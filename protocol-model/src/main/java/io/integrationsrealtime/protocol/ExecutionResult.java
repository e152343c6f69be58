package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code result} of a completed execution or test. The caller gets {@code data}; the others in
 * the room get the summary, which has no {@code data} at all.
 *
 * @param success always {@code true} on the wire today (a failed run is an
 *                {@link ExecutionFailed}); kept because the original protocol has it
 * @param data    the endpoint's or health check's JSON object, deep unmodifiable copy; on the
 *                caller's copy only, {@code null} in a summary
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionResult(
        @JsonProperty("success") boolean success,
        @JsonProperty("data") Map<String, Object> data) {

    /**
     * Creates a result, copying {@code data} deeply.
     *
     * @param success whether the run succeeded
     * @param data    free-form JSON object, or {@code null} for a summary
     */
    public ExecutionResult {
        data = JsonObjects.copyOfNullable(data);
    }

    /**
     * A successful run's full result.
     *
     * @param data the JSON object the host returned; {@code null} becomes empty
     * @return a result with {@code success} true and {@code data} set
     */
    public static ExecutionResult success(Map<String, ?> data) {
        return new ExecutionResult(true, JsonObjects.copyOf(data));
    }

    /**
     * The form others in the room see.
     *
     * @return a result with {@code success} only, {@code data} {@code null}
     */
    public ExecutionResult summary() {
        return new ExecutionResult(success, null);
    }

    /**
     * Whether this is a summary. Not written to JSON.
     *
     * @return true when {@code data} is {@code null}; the caller's own result always has
     *         {@code data}
     */
    @JsonIgnore
    public boolean isSummary() {
        return data == null;
    }
}
