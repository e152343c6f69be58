package io.integrationsrealtime.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.client.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenerRegistryTest {

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        ListenerRegistry<Consumer<String>> registry = new ListenerRegistry<>();
        List<String> seen = new ArrayList<>();
        registry.add(value -> {
            throw new IllegalStateException("listener bug");
        });
        registry.add(seen::add);

        registry.forEach(listener -> listener.accept("event"));

        assertThat(seen).containsExactly("event");
    }

    @Test
    void closeRemovesOnlyThatRegistrationAndIsIdempotent() {
        ListenerRegistry<Consumer<String>> registry = new ListenerRegistry<>();
        List<String> seen = new ArrayList<>();
        Consumer<String> listener = seen::add;
        Subscription first = registry.add(listener);
        registry.add(listener);

        first.close();
        first.close();
        registry.forEach(l -> l.accept("event"));

        assertThat(seen).containsExactly("event");
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void aListenerMayCloseItselfWhileBeingCalled() {
        ListenerRegistry<Runnable> registry = new ListenerRegistry<>();
        List<String> seen = new ArrayList<>();
        Subscription[] self = new Subscription[1];
        self[0] = registry.add(() -> {
            seen.add("once");
            self[0].close();
        });

        registry.forEach(Runnable::run);
        registry.forEach(Runnable::run);

        assertThat(seen).containsExactly("once");
        assertThat(registry.isEmpty()).isTrue();
    }
}
