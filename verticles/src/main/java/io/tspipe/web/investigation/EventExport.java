package io.tspipe.web.investigation;

import io.tspipe.event.EventType;
import io.tspipe.sink.clickhouse.ClickHouseClient;
import io.tspipe.store.EventsTable;
import io.tspipe.web.BadRequest;
import io.tspipe.web.Values;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/export/events?from&to[&type][&format=ndjson|csv]}: the stored events of a time range, oldest
 * first, streamed from ClickHouse to the client row by row, never buffered whole: reading from ClickHouse pauses
 * while the client's write queue is full. NDJSON lines are events as produced; CSV has one column per field, with
 * cells that a spreadsheet would run as a formula ({@code = + - @}) prefixed by a quote.
 */
public final class EventExport {

  public static final List<String> CSV_COLUMNS = List.of("id", "timestamp", "type", "userId", "sourceIp", "userAgent",
    "action", "success", "failureReason", "country", "city", "method", "path", "statusCode", "responseTimeMs",
    "requestBytes", "responseBytes", "recipientEmail", "templateId", "messageId", "bounceType");

  private final ClickHouseClient clickHouse;

  public EventExport(ClickHouseClient clickHouse) {
    this.clickHouse = clickHouse;
  }

  /** An export request the API contract accepted, read; {@code to} must be later than {@code from}. */
  public record Request(Instant from, Instant to, EventType type, boolean csv) {

    public static Request parse(MultiMap parameters) {
      Instant from = instant(parameters, "from");
      Instant to = instant(parameters, "to");
      if (!from.isBefore(to)) {
        throw new BadRequest("to", "must be later than from");
      }
      String typeName = parameters.get("type");
      EventType type = typeName == null ? null : EventType.fromWireName(typeName).orElseThrow();
      return new Request(from, to, type, "csv".equals(parameters.get("format")));
    }

    private static Instant instant(MultiMap parameters, String name) {
      return Values.instant(name, parameters.get(name));
    }
  }

  /**
   * Starts ClickHouse's answer; once it flows, writes it to {@code out} and ends {@code out}. The future fails only
   * when ClickHouse refuses or cannot be reached before anything was written; a failure mid-stream resets the
   * client's connection, so a cut-off export never looks complete.
   */
  public Future<Void> stream(Request request, HttpServerResponse out) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("from", ClickHouseClient.dateTime64(request.from()));
    parameters.put("to", ClickHouseClient.dateTime64(request.to()));
    String sql = "SELECT " + EventsTable.SELECT + " FROM " + EventsTable.in(clickHouse.database())
      + " WHERE timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}";
    if (request.type() != null) {
      parameters.put("type", request.type().wireName());
      sql += " AND type = {type:String}";
    }
    sql += " ORDER BY timestamp";
    return clickHouse.selectStream(sql, parameters, "JSONEachRow").map(rows -> {
      String extension = request.csv() ? "csv" : "ndjson";
      out.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, request.csv() ? "text/csv; charset=utf-8" : "application/x-ndjson")
        .putHeader("Content-Disposition", "attachment; filename=\"events-" + request.from().getEpochSecond() + "-"
          + request.to().getEpochSecond() + "." + extension + "\"");
      if (request.csv()) {
        out.write(String.join(",", CSV_COLUMNS) + "\r\n");
      }
      pipe(rows, out, request.csv());
      return null;
    });
  }

  private static void pipe(HttpClientResponse rows, HttpServerResponse out, boolean csv) {
    RecordParser lines = RecordParser.newDelimited("\n", rows);
    lines.handler(line -> {
      JsonObject event = EventsTable.event(new JsonObject(line));
      out.write(csv ? Buffer.buffer(csvLine(event)) : event.toBuffer().appendByte((byte) '\n'));
      if (out.writeQueueFull()) {
        lines.pause();
        out.drainHandler(v -> lines.resume());
      }
    });
    lines.endHandler(v -> out.end());
    lines.exceptionHandler(failure -> out.reset());
    out.closeHandler(v -> {
      if (!out.ended()) {
        rows.request().reset();
      }
    });
    lines.resume();
  }

  /** One CSV row of an event, in {@link #CSV_COLUMNS} order, ended by CRLF. */
  public static String csvLine(JsonObject event) {
    JsonObject geo = event.getJsonObject("geo", new JsonObject());
    StringBuilder line = new StringBuilder(256);
    for (int i = 0; i < CSV_COLUMNS.size(); i++) {
      String column = CSV_COLUMNS.get(i);
      Object value = column.equals("country") || column.equals("city") ? geo.getValue(column) : event.getValue(column);
      if (i > 0) {
        line.append(',');
      }
      line.append(cell(value == null ? "" : String.valueOf(value)));
    }
    return line.append("\r\n").toString();
  }

  /** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula. */
  static String cell(String value) {
    String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }
}
