package io.tspipe.engines.clickhouse;

import java.util.Optional;

/**
 * An {@code INSERT INTO t [(columns)] [SETTINGS ...] FORMAT name} statement whose rows follow it as data, located in
 * the request text: where the statement ends, where its data begins (by clickhouse-server's rule: after blanks and
 * one line break), and where a {@code FROM INFILE} clause fits in.
 */
record InsertWithData(int fromInfileAt, int statementEnd, int dataStart) {

  static Optional<InsertWithData> find(String text) {
    SqlLexer lexer = new SqlLexer(text);
    if (!lexer.next().is("INSERT")) {
      return Optional.empty();
    }
    SqlLexer.Token token = skipTarget(lexer);
    if (token.kind() == SqlLexer.Kind.OPEN) {
      lexer.skipPastClosingParenthesis();
      token = lexer.next();
    }
    int fromInfileAt = token.start();
    if (token.is("SETTINGS")) {
      token = skipSettings(lexer);
    }
    if (!token.is("FORMAT")) {
      return Optional.empty();
    }
    SqlLexer.Token format = lexer.next();
    if (!format.isName()) {
      return Optional.empty();
    }
    return Optional.of(new InsertWithData(fromInfileAt, format.end(), dataStart(text, format.end())));
  }

  /** Skips {@code [INTO] [TABLE] [db.]table} or {@code [INTO] FUNCTION f(...)}; returns the token after it. */
  private static SqlLexer.Token skipTarget(SqlLexer lexer) {
    SqlLexer.Token token = lexer.next();
    if (token.is("INTO")) {
      token = lexer.next();
    }
    if (token.is("TABLE")) {
      token = lexer.next();
    }
    if (token.is("FUNCTION")) {
      lexer.next();
      if (lexer.next().kind() == SqlLexer.Kind.OPEN) {
        lexer.skipPastClosingParenthesis();
      }
      return lexer.next();
    }
    token = lexer.next();
    if (token.kind() == SqlLexer.Kind.DOT) {
      lexer.next();
      token = lexer.next();
    }
    return token;
  }

  private static SqlLexer.Token skipSettings(SqlLexer lexer) {
    SqlLexer.Token token = lexer.next();
    while (token.kind() != SqlLexer.Kind.END && !token.is("FORMAT") && !token.is("VALUES") && !token.is("SELECT")) {
      token = lexer.next();
    }
    return token;
  }

  private static int dataStart(String text, int position) {
    while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t'
      || text.charAt(position) == '\f')) {
      position++;
    }
    if (position < text.length() && text.charAt(position) == '\r') {
      position++;
    }
    if (position < text.length() && text.charAt(position) == '\n') {
      position++;
    }
    return position;
  }
}
