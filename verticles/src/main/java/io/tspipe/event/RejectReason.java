package io.tspipe.event;

/** Why a record was refused; {@link #code()} is what {@code rejected_events.reason_code} stores and rollups group by. */
public enum RejectReason {
  /** A record without a value: a tombstone, which deletes nothing here. */
  NO_PAYLOAD("no_payload"),
  /** Text that is not well-formed Unicode: bytes that are not strict UTF-8, or an unpaired surrogate escape. */
  INVALID_ENCODING("invalid_encoding"),
  MALFORMED_JSON("malformed_json"),
  NOT_AN_OBJECT("not_an_object"),
  UNKNOWN_TYPE("unknown_type"),
  WRONG_TOPIC("wrong_topic"),
  MISSING_FIELD("missing_field"),
  INVALID_TYPE("invalid_type"),
  INVALID_VALUE("invalid_value"),
  TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range"),
  /** A valid event whose id an event of another type already holds: it would overwrite that event's search document. */
  ID_CONFLICT("id_conflict"),
  /** A valid event whose document the search engine refused: stored, but not searchable (stage {@code indexer}). */
  INDEX_REFUSED("index_refused"),
  /** A record that failed on its way to storage for a reason no check above names; the message says what failed. */
  UNPROCESSABLE("unprocessable");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
