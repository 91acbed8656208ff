package io.tspipe.bench.streams;

import io.tspipe.ipintel.IpAddresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A login as the rule {@code ip_login_failures} reads it: the address it came from, when it happened (event time,
 * epoch milliseconds) and whether it succeeded.
 */
public record LoginAttempt(String ip, long timestampMs, boolean success) {

  /** The timestamp form of {@code schemas/common.schema.json}: UTC, millisecond precision. */
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  /**
   * The login an {@code account_activity} record holds, or null when it holds none: another action, or a record the
   * worker would reject for a field the rule reads (not JSON, another type, no valid {@code sourceIp},
   * {@code timestamp} or {@code success}). Fields the rule does not read are not checked.
   */
  public static LoginAttempt parse(byte[] record) {
    if (record == null) {
      return null;
    }
    JsonObject event;
    try {
      event = new JsonObject(Buffer.buffer(record));
    } catch (DecodeException | ClassCastException notAnObject) {
      return null;
    }
    if (!"account_activity".equals(event.getValue("type")) || !"login".equals(event.getValue("action"))
      || !(event.getValue("success") instanceof Boolean success)
      || !(event.getValue("sourceIp") instanceof String ip) || IpAddresses.parse(ip) == null
      || !(event.getValue("timestamp") instanceof String timestamp) || !TIMESTAMP.matcher(timestamp).matches()) {
      return null;
    }
    try {
      return new LoginAttempt(ip, Instant.parse(timestamp).toEpochMilli(), success);
    } catch (DateTimeParseException notAnInstant) {
      return null;
    }
  }

  /** Reads {@code account_activity} records as logins, null for every other record (see {@link #parse}); read only. */
  static final Serde<LoginAttempt> FROM_EVENT = Serdes.serdeFrom((topic, login) -> {
    throw new UnsupportedOperationException("logins are read from events, never written as events");
  }, (Deserializer<LoginAttempt>) (topic, data) -> parse(data));

  /** The compact form of the repartition topic: the timestamp, the outcome, then the address. */
  static final Serde<LoginAttempt> SERDE = Serdes.serdeFrom(LoginAttempt::toBytes, LoginAttempt::fromBytes);

  private static byte[] toBytes(String topic, LoginAttempt login) {
    if (login == null) {
      return null;
    }
    byte[] ip = login.ip.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Long.BYTES + 1 + ip.length).putLong(login.timestampMs)
      .put((byte) (login.success ? 1 : 0)).put(ip).array();
  }

  private static LoginAttempt fromBytes(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    long timestamp = buffer.getLong();
    boolean success = buffer.get() == 1;
    return new LoginAttempt(new String(data, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8), timestamp,
      success);
  }
}
