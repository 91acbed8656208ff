// CSV of events built in the browser, with the columns of the server's export (EventExport.CSV_COLUMNS): RFC 4180
// quoting, and a leading ' on a cell a spreadsheet would run as a formula (= + - @, tab, carriage return).

export const CSV_COLUMNS = ['id', 'timestamp', 'type', 'userId', 'sourceIp', 'userAgent', 'action', 'success',
  'failureReason', 'country', 'city', 'method', 'path', 'statusCode', 'responseTimeMs', 'requestBytes',
  'responseBytes', 'recipientEmail', 'templateId', 'messageId', 'bounceType'];

export function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (text !== '' && '=+-@\t\r'.includes(text[0])) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** The CSV text of `events`: a header line, then one CRLF-ended line per event. */
export function eventsCsv(events) {
  const lines = [CSV_COLUMNS.join(',')];
  for (const event of events) {
    lines.push(CSV_COLUMNS.map((column) => {
      const value = column === 'country' || column === 'city' ? event.geo?.[column] : event[column];
      return csvCell(value);
    }).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Offers `text` to the user as a download named `filename`. */
export function download(text, filename, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
