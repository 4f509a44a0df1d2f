package forecast.domain.deployment;

import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The rules of the live version, read from the append-only deployment history.
 *
 * <p>The history works like an undo stack: a deploy (or a rollback to a named version) puts a
 * version on top; a plain rollback takes the top off and returns to the version below. So a
 * rollback of a rollback goes one step further back, as an undo of an undo would, and a version
 * is only ever "previous" once.
 */
public record DeploymentHistory(List<DeploymentEvent> events) {
    public DeploymentHistory {
        events = List.copyOf(events);
    }

    /** The version live now. */
    public Optional<String> live() {
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).version());
    }

    /** The version live at {@code t}: the one made live by the last event at or before it. */
    public Optional<String> liveAt(Instant t) {
        String live = null;
        for (var e : events) {
            if (e.at().isAfter(t)) break;
            live = e.version();
        }
        return Optional.ofNullable(live);
    }

    /** The sequence number the next event must have. */
    public long nextSequence() {
        return events.isEmpty() ? 1 : events.get(events.size() - 1).sequence() + 1;
    }

    /** Where a plain rollback goes: the version below the live one on the stack. */
    public Optional<String> rollbackTarget() {
        var stack = stack();
        if (stack.size() < 2) return Optional.empty();
        stack.pop();
        return Optional.of(stack.peek());
    }

    /** Whether {@code version} has ever been live, so that one can roll back to it by name. */
    public boolean wasLive(String version) {
        return events.stream().anyMatch(e -> e.version().equals(version));
    }

    private Deque<String> stack() {
        Deque<String> stack = new ArrayDeque<>();
        for (var e : events) {
            boolean undo = e.action() == DeploymentAction.ROLLBACK && stack.size() >= 2 && e.version().equals(second(stack));
            if (undo) stack.pop();
            else stack.push(e.version());
        }
        return stack;
    }

    private static String second(Deque<String> stack) {
        var it = stack.iterator();
        it.next();
        return it.next();
    }
}
