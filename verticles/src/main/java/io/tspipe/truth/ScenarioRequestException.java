package io.tspipe.truth;

/** A scenario request that cannot run: {@code field} names the request field at fault. */
public final class ScenarioRequestException extends IllegalArgumentException {

  private final String field;

  public ScenarioRequestException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field name in front. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
