// An EventSource on a feed of JSON `data:` lines, reporting its connection state. EventSource reconnects by itself
// after a dropped connection (the server advertises `retry: 2000`); only when the browser gives up for good (the
// answer was not an event stream, e.g. a 503) does this open a new one, after a growing delay.

/**
 * subscribe(url, {onMessage(json), onState(state)}) → close(). state is 'connected' or 'reconnecting' (also before
 * the first connection opens).
 */
export function subscribe(url, { onMessage, onState }) {
  let source = null;
  let closed = false;
  let retryTimer = null;
  let retryDelay = 2000;
  let state = null;

  const setState = (next) => {
    if (next !== state) {
      state = next;
      onState(next);
    }
  };

  const open = () => {
    if (closed) {
      return;
    }
    source = new EventSource(url);
    source.onopen = () => {
      retryDelay = 2000;
      setState('connected');
    };
    source.onmessage = (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      setState('connected');
      onMessage(data);
    };
    source.onerror = () => {
      setState('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        retryTimer = setTimeout(open, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30_000);
      }
    };
  };

  setState('reconnecting');
  open();
  return () => {
    closed = true;
    clearTimeout(retryTimer);
    if (source) {
      source.close();
    }
  };
}
