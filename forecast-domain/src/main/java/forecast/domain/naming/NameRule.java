package forecast.domain.naming;

import java.util.regex.Pattern;

/**
 * The one rule for the names and ids that users choose: series ids, model names, version labels,
 * study and experiment names, unit and prediction ids, an experiment's scope. A name is 1 to
 * {@link #maxLength()} letters, digits or {@code . _ : -}, starting with a letter or digit.
 *
 * <p>Why this alphabet: such a name needs no escaping in a URL path segment or query (routes
 * such as {@code /series/{id}} and {@code /models/{model}} take them, and the links the service
 * writes carry them), in a CSV cell or a log line, and cannot start a relative path
 * ({@code ..}). Before issue 15 the rule was written out in seven places, ids with {@code :} and
 * names without; it now takes the wider alphabet everywhere, so everything accepted before still
 * is. Only the length differs by kind, where a database column is shorter: {@link #SHORT} for
 * model names and labels ({@code VARCHAR(64)}), {@link #NAME} for the rest ({@code VARCHAR(128)}).
 *
 * <p>This package depends on nothing, so that every package of the domain, and every adapter, may
 * use it without a cycle.
 *
 * @param maxLength the longest name of this kind
 */
public record NameRule(int maxLength) {
    /** Series ids, unit and prediction ids, study and experiment names: at most 128 characters. */
    public static final NameRule NAME = new NameRule(128);
    /** Model names and version labels: at most 64 characters, the width of their columns. */
    public static final NameRule SHORT = new NameRule(64);

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    public NameRule {
        if (maxLength < 1) throw new IllegalArgumentException("a name is at least one character long, not at most " + maxLength);
    }

    /** What a name of this kind is, for messages: {@code 1-128 letters, digits or . _ : - starting with a letter or digit}. */
    public String description() {
        return "1-" + maxLength + " letters, digits or . _ : - starting with a letter or digit";
    }

    /**
     * Why {@code text} cannot be a name of this kind, worded to follow a field's name
     * ({@code "must be 1-64 letters, ..."}), or null when it can.
     */
    public String problem(String text) {
        if (text == null || text.isEmpty() || text.length() > maxLength || !ALPHABET.matcher(text).matches()) return "must be " + description();
        return null;
    }

    /** Whether {@code text} can be a name of this kind. */
    public boolean accepts(String text) {
        return problem(text) == null;
    }

    /**
     * {@code text}, checked.
     *
     * @param what what the name names, to begin the message ({@code "series id"})
     * @throws IllegalArgumentException when it cannot be a name of this kind
     */
    public String check(String what, String text) {
        String problem = problem(text);
        if (problem != null) throw new IllegalArgumentException(what + " " + problem + ": " + text);
        return text;
    }
}
