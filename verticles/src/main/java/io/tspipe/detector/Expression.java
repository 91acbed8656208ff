package io.tspipe.detector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The small expression language of rule files: a rule's {@code filter} and predicates over event fields
 * ({@code action == "login" and not success}), its features ({@code count(not success)},
 * {@code distinct(user, not success)}, {@code failures / attempts}) and its {@code condition}
 * ({@code failures >= 5 and users >= 3}). Parsed here into a tree; {@link RuleQuery} compiles trees to SQL.
 *
 * <pre>
 * expr    := or
 * or      := and ("or" and)*
 * and     := not ("and" not)*
 * not     := "not" not | compare
 * compare := sum (("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") sum | "in" "[" literal ("," literal)* "]")?
 * sum     := product (("+" | "-") product)*
 * product := unary (("*" | "/") unary)*
 * unary   := "-" unary | primary
 * primary := number | string | "true" | "false" | name | name "(" (expr ("," expr)*)? ")" | "(" expr ")"
 * </pre>
 */
sealed interface Expression {

  /** Where in the source text a node starts, for errors. */
  int at();

  record Literal(Object value, int at) implements Expression {
  }

  record Name(String name, int at) implements Expression {
  }

  record Call(String function, List<Expression> arguments, int at) implements Expression {
  }

  record Unary(String operator, Expression operand, int at) implements Expression {
  }

  record Binary(String operator, Expression left, Expression right, int at) implements Expression {
  }

  record InList(Expression operand, List<Literal> values, int at) implements Expression {
  }

  /** An expression that cannot be read, with the position in its text. */
  final class SyntaxError extends IllegalArgumentException {
    final int position;

    SyntaxError(String message, int position) {
      super(message);
      this.position = position;
    }
  }

  static Expression parse(String text) {
    Parser parser = new Parser(text);
    Expression expression = parser.or();
    if (parser.peek().kind != Kind.END) {
      throw new SyntaxError("unexpected '" + parser.peek().text + "'", parser.peek().at);
    }
    return expression;
  }

  enum Kind { NUMBER, STRING, NAME, SYMBOL, END }

  record Token(Kind kind, String text, int at) {
  }

  final class Parser {
    private final List<Token> tokens;
    private int next;

    Parser(String text) {
      this.tokens = tokenize(text);
    }

    Token peek() {
      return tokens.get(next);
    }

    private boolean accept(String text) {
      Token token = peek();
      if ((token.kind == Kind.SYMBOL || token.kind == Kind.NAME) && token.text.equals(text)) {
        next++;
        return true;
      }
      return false;
    }

    private void expect(String text) {
      if (!accept(text)) {
        throw new SyntaxError("expected '" + text + "' but found " + describe(peek()), peek().at);
      }
    }

    Expression or() {
      Expression left = and();
      while (peek().kind == Kind.NAME && peek().text.equals("or")) {
        int at = tokens.get(next++).at;
        left = new Binary("or", left, and(), at);
      }
      return left;
    }

    private Expression and() {
      Expression left = not();
      while (peek().kind == Kind.NAME && peek().text.equals("and")) {
        int at = tokens.get(next++).at;
        left = new Binary("and", left, not(), at);
      }
      return left;
    }

    private Expression not() {
      if (peek().kind == Kind.NAME && peek().text.equals("not")) {
        int at = tokens.get(next++).at;
        return new Unary("not", not(), at);
      }
      return compare();
    }

    private Expression compare() {
      Expression left = sum();
      Token token = peek();
      if (token.kind == Kind.SYMBOL && List.of("==", "!=", "<", "<=", ">", ">=").contains(token.text)) {
        next++;
        return new Binary(token.text, left, sum(), token.at);
      }
      if (token.kind == Kind.NAME && token.text.equals("in")) {
        next++;
        expect("[");
        List<Literal> values = new ArrayList<>();
        do {
          Expression value = primary();
          if (!(value instanceof Literal literal)) {
            throw new SyntaxError("a list after 'in' holds only numbers, strings, true or false", value.at());
          }
          values.add(literal);
        } while (accept(","));
        expect("]");
        return new InList(left, values, token.at);
      }
      return left;
    }

    private Expression sum() {
      Expression left = product();
      while (peek().kind == Kind.SYMBOL && (peek().text.equals("+") || peek().text.equals("-"))) {
        Token operator = tokens.get(next++);
        left = new Binary(operator.text, left, product(), operator.at);
      }
      return left;
    }

    private Expression product() {
      Expression left = unary();
      while (peek().kind == Kind.SYMBOL && (peek().text.equals("*") || peek().text.equals("/"))) {
        Token operator = tokens.get(next++);
        left = new Binary(operator.text, left, unary(), operator.at);
      }
      return left;
    }

    private Expression unary() {
      if (peek().kind == Kind.SYMBOL && peek().text.equals("-")) {
        int at = tokens.get(next++).at;
        return new Unary("-", unary(), at);
      }
      return primary();
    }

    private Expression primary() {
      Token token = tokens.get(next);
      switch (token.kind) {
        case NUMBER -> {
          next++;
          return new Literal(Double.parseDouble(token.text), token.at);
        }
        case STRING -> {
          next++;
          return new Literal(token.text, token.at);
        }
        case NAME -> {
          next++;
          if (token.text.equals("true") || token.text.equals("false")) {
            return new Literal(Boolean.parseBoolean(token.text), token.at);
          }
          if (List.of("and", "or", "not", "in").contains(token.text)) {
            throw new SyntaxError("unexpected '" + token.text + "'", token.at);
          }
          if (accept("(")) {
            List<Expression> arguments = new ArrayList<>();
            if (!accept(")")) {
              do {
                arguments.add(or());
              } while (accept(","));
              expect(")");
            }
            return new Call(token.text, arguments, token.at);
          }
          return new Name(token.text, token.at);
        }
        case SYMBOL -> {
          if (token.text.equals("(")) {
            next++;
            Expression inner = or();
            expect(")");
            return inner;
          }
          throw new SyntaxError("unexpected '" + token.text + "'", token.at);
        }
        default -> throw new SyntaxError("the expression ends too soon", token.at);
      }
    }

    private static String describe(Token token) {
      return token.kind == Kind.END ? "the end" : "'" + token.text + "'";
    }

    private static List<Token> tokenize(String text) {
      List<Token> tokens = new ArrayList<>();
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
          int start = i;
          while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
          }
          String number = text.substring(start, i);
          if (number.chars().filter(ch -> ch == '.').count() > 1) {
            throw new SyntaxError("'" + number + "' is not a number", start);
          }
          tokens.add(new Token(Kind.NUMBER, number, start));
        } else if (c == '"' || c == '\'') {
          int start = i++;
          StringBuilder value = new StringBuilder();
          while (i < text.length() && text.charAt(i) != c) {
            value.append(text.charAt(i++));
          }
          if (i >= text.length()) {
            throw new SyntaxError("a string is not closed", start);
          }
          i++;
          tokens.add(new Token(Kind.STRING, value.toString(), start));
        } else if (Character.isLetter(c) || c == '_') {
          int start = i;
          while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
          }
          tokens.add(new Token(Kind.NAME, text.substring(start, i).toLowerCase(Locale.ROOT), start));
        } else {
          String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
          if (List.of("==", "!=", "<=", ">=").contains(two)) {
            tokens.add(new Token(Kind.SYMBOL, two, i));
            i += 2;
          } else if ("<>+-*/(),[]".indexOf(c) >= 0) {
            tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
            i++;
          } else {
            throw new SyntaxError("unexpected character '" + c + "'", i);
          }
        }
      }
      tokens.add(new Token(Kind.END, "", text.length()));
      return tokens;
    }
  }
}
