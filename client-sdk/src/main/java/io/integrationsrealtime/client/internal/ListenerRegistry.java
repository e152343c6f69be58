package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.Subscription;
import io.integrationsrealtime.client.internal.ClientLogger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Listeners of one kind. Adding returns a {@link Subscription} whose close removes exactly that
 * registration (the same listener may be added twice). Dispatch isolates listeners: one that
 * throws is logged and the others still run.
 */
public final class ListenerRegistry<L> {

    private static final ClientLogger LOG = ClientLogger.of(ListenerRegistry.class);

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    public Subscription add(L listener) {
        Registration registration = new Registration(Objects.requireNonNull(listener, "listener"));
        registrations.add(registration);
        return registration;
    }

    /** Calls {@code action} for every listener registered now, catching what they throw. */
    public void forEach(Consumer<? super L> action) {
        for (Registration registration : registrations) {
            if (registration.closed.get()) {
                continue;
            }
            try {
                action.accept(registration.listener);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "listener " + registration.listener.getClass().getName() + " threw; ignored", e);
            }
        }
    }

    public boolean isEmpty() {
        return registrations.isEmpty();
    }

    public int size() {
        return registrations.size();
    }

    public void clear() {
        registrations.forEach(registration -> registration.closed.set(true));
        registrations.clear();
    }

    private final class Registration implements Subscription {
        private final L listener;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Registration(L listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                registrations.remove(this);
            }
        }
    }
}
