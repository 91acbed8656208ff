package io.tspipe.web.labels;

import io.tspipe.store.LabelsTable;
import io.tspipe.store.StoredValues;
import io.tspipe.web.detections.Subjects;
import io.vertx.core.json.JsonObject;

/**
 * How the web role reads the {@code labels} table, the audit log of every label set, changed or removed: the label in
 * force for (kind, entity, label) is its latest row, unless that row is a removal or its {@code expires_at} has
 * passed.
 */
public final class StoredLabels {

  private StoredLabels() {
  }

  /**
   * The latest row of each label of {@code db.labels} whose rows pass {@code where} (a condition on the key columns
   * {@code entity_kind}, {@code entity}, {@code label}), as the columns {@link #json} reads, with {@code removed_now}
   * and {@code expires} for conditions around it.
   */
  public static String latest(String db, String where) {
    return "SELECT toString(entity_kind) AS kind, entity AS value, toString(label) AS name, "
      + "toString(argMax(connotation, changed_at)) AS connotation_now, argMax(reason, changed_at) AS reason_now, "
      + "argMax(source, changed_at) AS source_now, argMax(tuple(expires_at), changed_at).1 AS expires, "
      + "if(isNull(expires), NULL, toUnixTimestamp64Milli(assumeNotNull(expires))) AS expires_ms, "
      + "argMax(removed, changed_at) AS removed_now, toUnixTimestamp64Milli(max(changed_at)) AS changed_ms, "
      + "argMax(changed_by, changed_at) AS by_now FROM " + LabelsTable.in(db) + " WHERE " + where
      + " GROUP BY entity_kind, entity, label";
  }

  /**
   * The latest row of each label on one entity, {@code {kind:String}} and {@code {value:String}}, ordered by label, as
   * the columns {@link #json} reads: one flat statement on the key prefix, for point reads. Which of them are in force
   * is {@link #inForce(JsonObject, long)}.
   */
  public static String latestOfEntity(String db) {
    return "SELECT toString(entity_kind) AS kind, entity AS value, toString(label) AS name, "
      + "toString(connotation) AS connotation_now, reason AS reason_now, source AS source_now, "
      + "if(isNull(expires_at), NULL, toUnixTimestamp64Milli(assumeNotNull(expires_at))) AS expires_ms, "
      + "removed AS removed_now, toUnixTimestamp64Milli(changed_at) AS changed_ms, changed_by AS by_now FROM "
      + LabelsTable.in(db) + " WHERE entity_kind = {kind:String} AND entity = {value:String} "
      + "ORDER BY label, changed_at DESC LIMIT 1 BY label";
  }

  /** Whether a label's latest row, as {@link #json} reads it, is in force at {@code nowMillis}: not a removal, not expired. */
  public static boolean inForce(JsonObject row, long nowMillis) {
    return !truth(row.getValue("removed_now"))
      && (row.getValue("expires_ms") == null || StoredValues.longOf(row, "expires_ms") > nowMillis);
  }

  /** Labels of {@link #latest} in force at the time of the statement (or, with {@code includeExpired}, expired too). */
  public static String inForce(String db, String where, boolean includeExpired) {
    return "SELECT * FROM (" + latest(db, where) + ") WHERE NOT removed_now"
      + (includeExpired ? "" : " AND (isNull(expires) OR expires > now64(3))");
  }

  /**
   * The latest row of every label in force at the time of the statement (not a removal, not expired), as the columns
   * {@link #json} reads, at most {@code limit} of them, for the web role's verdict view.
   */
  public static String inForce(String db, int limit) {
    return "SELECT kind, value, name, connotation_now, reason_now, source_now, expires_ms, removed_now, changed_ms, "
      + "by_now FROM (" + inForce(db, "1", false) + ") LIMIT " + limit;
  }

  /** Every row of {@code db.labels} passing {@code where}, as {@link #json} reads them, newest first. */
  public static String history(String db, String where) {
    return "SELECT toString(entity_kind) AS kind, entity AS value, toString(label) AS name, "
      + "toString(connotation) AS connotation_now, reason AS reason_now, source AS source_now, "
      + "if(isNull(expires_at), NULL, toUnixTimestamp64Milli(assumeNotNull(expires_at))) AS expires_ms, "
      + "removed AS removed_now, toUnixTimestamp64Milli(changed_at) AS changed_ms, changed_by AS by_now FROM "
      + LabelsTable.in(db) + " WHERE " + where + " ORDER BY changed_at DESC, label";
  }

  /**
   * A row as a label: {@code {kind, value, label, connotation, reason, source, expiresAt, expired, removed, changedAt,
   * changedBy, href}}, {@code expired} as of {@code nowMillis}.
   */
  public static JsonObject json(JsonObject row, long nowMillis) {
    Long expires = row.getValue("expires_ms") == null ? null : StoredValues.longOf(row, "expires_ms");
    return new JsonObject()
      .put("kind", row.getString("kind"))
      .put("value", row.getString("value"))
      .put("label", row.getString("name"))
      .put("connotation", row.getString("connotation_now"))
      .put("reason", row.getString("reason_now"))
      .put("source", row.getString("source_now"))
      .put("expiresAt", expires == null ? null : StoredValues.formatMillis(expires))
      .put("expired", expires != null && expires <= nowMillis)
      .put("removed", truth(row.getValue("removed_now")))
      .put("changedAt", StoredValues.formatMillis(StoredValues.longOf(row, "changed_ms")))
      .put("changedBy", row.getString("by_now"))
      .put("href", Subjects.href(row.getString("kind"), row.getString("value")));
  }

  private static boolean truth(Object value) {
    return value instanceof Boolean bool ? bool : value instanceof Number number ? number.intValue() != 0
      : "true".equals(String.valueOf(value)) || "1".equals(String.valueOf(value));
  }
}
