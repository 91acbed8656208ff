package io.tspipe.detector;

/** Why a rule file, or one rule in it, cannot be used: the file, the rule and the line it is about. */
public class RuleException extends RuntimeException {

  private final String file;
  private final String rule;
  private final int line;

  RuleException(String file, String rule, int line, String message) {
    super(file + (line > 0 ? ":" + line : "") + (rule == null ? "" : ": rule " + rule) + ": " + message);
    this.file = file;
    this.rule = rule;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** The rule's name, or null when the error is about the file itself. */
  public String rule() {
    return rule;
  }

  public int line() {
    return line;
  }

  /** A clause of a rule that does not compile; {@code position} is the offset in the clause's text. */
  static final class Invalid extends IllegalArgumentException {
    final String clause;
    final int position;

    Invalid(String clause, String message, int position) {
      super(message);
      this.clause = clause;
      this.position = position;
    }
  }
}
