package io.tspipe.engines.clickhouse;

import java.util.Locale;
import java.util.Set;

/** The Content-Type clickhouse-server gives a response in each output format. */
final class ContentTypes {

  private static final Set<String> BINARY_FORMATS = Set.of("native", "parquet", "arrow", "arrowstream", "orc", "avro",
    "protobuf", "protobufsingle", "msgpack", "capnproto", "bsoneachrow", "npy", "rawblob");

  private ContentTypes() {
  }

  static String of(String format) {
    String name = format.toLowerCase(Locale.ROOT);
    if (name.startsWith("json")) {
      return "application/json; charset=UTF-8";
    }
    if (name.startsWith("tabseparated") || name.startsWith("tsv")) {
      return "text/tab-separated-values; charset=UTF-8";
    }
    if (name.startsWith("csv")) {
      return "text/csv; charset=UTF-8; header=absent";
    }
    if (name.startsWith("rowbinary") || BINARY_FORMATS.contains(name)) {
      return "application/octet-stream";
    }
    return "text/plain; charset=UTF-8";
  }
}
