package forecast.domain.series;

import java.util.List;

/**
 * Input that breaks a value's invariants, with every violation found (not only the first), so
 * that a client can fix its request in one go. Adapters turn it into a 4xx problem.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private final transient List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(summary(violations));
        if (violations.isEmpty()) throw new IllegalArgumentException("an invalid input needs at least one violation");
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        if (violations.isEmpty()) return "invalid input";
        var first = violations.get(0);
        var more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return first.field() + ": " + first.message() + more;
    }
}
