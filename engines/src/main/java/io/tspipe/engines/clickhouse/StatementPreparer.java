package io.tspipe.engines.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a request's query and body into one statement, the way clickhouse-server reads them: the text is the
 * {@code query} parameter plus a line break plus the body, or the body alone; an INSERT's data follows its
 * {@code FORMAT} clause.
 *
 * <p>INSERT data never reaches chDB inline: chDB splits query text at the first blank line, so a RowBinary body
 * holding the bytes {@code 0A 0A} (or a JSONEachRow body with an empty line) would be cut short, silently. The data
 * goes to a spool file instead and the statement reads it with {@code FROM INFILE}.
 */
final class StatementPreparer {

  /** clickhouse-server's default {@code max_query_size}: how much of a body may hold the statement before its data. */
  private static final int MAX_STATEMENT_BYTES = 256 * 1024;
  private static final int COPY_BUFFER_BYTES = 256 * 1024;

  private final Path spoolDirectory;
  private final ErrorCodes errors;

  StatementPreparer(Path spoolDirectory, ErrorCodes errors) {
    this.spoolDirectory = spoolDirectory;
    this.errors = errors;
  }

  PreparedStatement prepare(String urlQuery, InputStream body) throws IOException, ClickHouseException {
    byte[] head = urlQuery == null
      ? body.readNBytes(MAX_STATEMENT_BYTES)
      : (urlQuery + "\n").getBytes(StandardCharsets.UTF_8);
    String headText = new String(head, StandardCharsets.ISO_8859_1);
    Optional<InsertWithData> insert = InsertWithData.find(headText);
    if (insert.isPresent()) {
      return readingSpooledData(head, insert.get(), body);
    }
    return inline(head, body);
  }

  private PreparedStatement readingSpooledData(byte[] head, InsertWithData insert, InputStream body)
    throws IOException {
    Path data = Files.createTempFile(spoolDirectory, "insert-", ".data");
    try (OutputStream out = Files.newOutputStream(data)) {
      out.write(head, insert.dataStart(), head.length - insert.dataStart());
      copy(body, out);
    } catch (IOException e) {
      Files.delete(data);
      throw e;
    }
    ByteArrayOutputStream sql = new ByteArrayOutputStream();
    sql.write(head, 0, insert.fromInfileAt());
    String fromInfile = "FROM INFILE " + SqlQuoting.string(data.toString()) + " COMPRESSION 'none' ";
    sql.write(fromInfile.getBytes(StandardCharsets.UTF_8));
    sql.write(head, insert.fromInfileAt(), insert.statementEnd() - insert.fromInfileAt());
    return new PreparedStatement(sql.toByteArray(), data);
  }

  private PreparedStatement inline(byte[] head, InputStream body) throws IOException, ClickHouseException {
    ByteArrayOutputStream sql = new ByteArrayOutputStream(head.length);
    sql.write(head);
    copy(body, sql);
    String text = sql.toString(StandardCharsets.ISO_8859_1);
    if (text.isBlank()) {
      throw errors.error("SYNTAX_ERROR", "Empty query");
    }
    if (!new SqlLexer(text).next().is("INSERT")) {
      int second = SqlLexer.secondStatementStart(text);
      if (second >= 0) {
        throw errors.error("SYNTAX_ERROR",
          "Syntax error (Multi-statements are not allowed): failed at position " + (second + 1));
      }
    }
    return new PreparedStatement(sql.toByteArray(), null);
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
      out.write(buffer, 0, count);
    }
  }
}
