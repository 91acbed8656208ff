package io.tspipe.web.investigation;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventExportTest {

  @Test
  void cellsAreQuotedAndFormulasDisarmed() {
    assertEquals("plain", EventExport.cell("plain"));
    assertEquals("\"Mozilla/5.0 (X11, Linux)\"", EventExport.cell("Mozilla/5.0 (X11, Linux)"));
    assertEquals("\"say \"\"hi\"\"\"", EventExport.cell("say \"hi\""));
    assertEquals("'=HYPERLINK(1)", EventExport.cell("=HYPERLINK(1)"));
    assertEquals("\"'=SUM(A1,A2)\"", EventExport.cell("=SUM(A1,A2)"));
    assertEquals("'@cmd", EventExport.cell("@cmd"));
    assertEquals("\"two\nlines\"", EventExport.cell("two\nlines"));
  }

  @Test
  void aLineHasEveryColumnInOrder() {
    JsonObject event = new JsonObject().put("id", "e1").put("timestamp", "2026-11-24T10:00:00.000Z")
      .put("type", "account_activity").put("userId", "u1").put("sourceIp", "10.0.0.1").put("action", "login")
      .put("success", false).put("geo", new JsonObject().put("country", "DE").put("city", "Berlin"));
    assertEquals("e1,2026-11-24T10:00:00.000Z,account_activity,u1,10.0.0.1,,login,false,,DE,Berlin,,,,,,,,,,\r\n",
      EventExport.csvLine(event));
    assertEquals(EventExport.CSV_COLUMNS.size(), EventExport.csvLine(event).split(",", -1).length);
  }
}
