package io.tspipe.engines.clickhouse;

/**
 * Splits ClickHouse SQL into the tokens this front end needs to tell statements apart: words, quoted names, string
 * literals and single punctuation characters, skipping whitespace and comments ({@code --}, {@code # }, {@code #!},
 * nested block comments) the way ClickHouse's lexer does. Numbers and operators come out in pieces, which is enough.
 */
final class SqlLexer {

  enum Kind { WORD, QUOTED_NAME, STRING, OPEN, CLOSE, SEMICOLON, DOT, OTHER, END }

  record Token(Kind kind, String text, int start, int end) {

    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isName() {
      return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
    }
  }

  private final String sql;
  private int position;

  SqlLexer(String sql) {
    this.sql = sql;
  }

  Token next() {
    skipBlanksAndComments();
    int start = position;
    if (start >= sql.length()) {
      return new Token(Kind.END, "", start, start);
    }
    char first = sql.charAt(start);
    Kind kind;
    if (first == '\'') {
      skipQuoted(first);
      kind = Kind.STRING;
    } else if (first == '"' || first == '`') {
      skipQuoted(first);
      kind = Kind.QUOTED_NAME;
    } else if (first == '$' && skipHeredoc()) {
      kind = Kind.STRING;
    } else if (isWordCharacter(first)) {
      while (position < sql.length() && isWordCharacter(sql.charAt(position))) {
        position++;
      }
      kind = Kind.WORD;
    } else {
      position++;
      kind = switch (first) {
        case '(' -> Kind.OPEN;
        case ')' -> Kind.CLOSE;
        case ';' -> Kind.SEMICOLON;
        case '.' -> Kind.DOT;
        default -> Kind.OTHER;
      };
    }
    return new Token(kind, sql.substring(start, position), start, position);
  }

  /** Consumes tokens up to and including the parenthesis that closes one just read. */
  void skipPastClosingParenthesis() {
    int depth = 1;
    while (depth > 0) {
      Kind kind = next().kind();
      if (kind == Kind.END) {
        return;
      }
      depth += kind == Kind.OPEN ? 1 : kind == Kind.CLOSE ? -1 : 0;
    }
  }

  /** Where a second statement begins after a {@code ;}, or -1 when the text holds one statement at most. */
  static int secondStatementStart(String sql) {
    SqlLexer lexer = new SqlLexer(sql);
    boolean afterSemicolon = false;
    for (Token token = lexer.next(); token.kind() != Kind.END; token = lexer.next()) {
      if (token.kind() == Kind.SEMICOLON) {
        afterSemicolon = true;
      } else if (afterSemicolon) {
        return token.start();
      }
    }
    return -1;
  }

  private void skipBlanksAndComments() {
    while (position < sql.length()) {
      char c = sql.charAt(position);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B') {
        position++;
      } else if (sql.startsWith("--", position) || sql.startsWith("# ", position) || sql.startsWith("#!", position)) {
        int newline = sql.indexOf('\n', position);
        position = newline < 0 ? sql.length() : newline + 1;
      } else if (sql.startsWith("/*", position)) {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  private void skipBlockComment() {
    int depth = 0;
    while (position < sql.length()) {
      if (sql.startsWith("/*", position)) {
        depth++;
        position += 2;
      } else if (sql.startsWith("*/", position)) {
        depth--;
        position += 2;
        if (depth == 0) {
          return;
        }
      } else {
        position++;
      }
    }
  }

  private void skipQuoted(char quote) {
    position++;
    while (position < sql.length()) {
      char c = sql.charAt(position++);
      if (c == '\\') {
        position++;
      } else if (c == quote) {
        if (position < sql.length() && sql.charAt(position) == quote) {
          position++;
        } else {
          return;
        }
      }
    }
    position = sql.length();
  }

  /** {@code $tag$ ... $tag$}; false, consuming nothing, when the {@code $} does not open one. */
  private boolean skipHeredoc() {
    int tagEnd = position + 1;
    while (tagEnd < sql.length() && isWordCharacter(sql.charAt(tagEnd))) {
      tagEnd++;
    }
    if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$') {
      return false;
    }
    String delimiter = sql.substring(position, tagEnd + 1);
    int close = sql.indexOf(delimiter, tagEnd + 1);
    position = close < 0 ? sql.length() : close + delimiter.length();
    return true;
  }

  private static boolean isWordCharacter(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c >= 0x80;
  }
}
