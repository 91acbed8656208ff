package io.tspipe.worker;

/** Why a record was refused; {@link #code()} is what {@code rejected_events.reason_code} stores and rollups group by. */
public enum RejectReason {
  MALFORMED_JSON("malformed_json"),
  NOT_AN_OBJECT("not_an_object"),
  UNKNOWN_TYPE("unknown_type"),
  WRONG_TOPIC("wrong_topic"),
  MISSING_FIELD("missing_field"),
  INVALID_TYPE("invalid_type"),
  INVALID_VALUE("invalid_value"),
  TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
