// A page's data for a range, loaded now and every `everyMs` while the tab is visible, a newer load aborting the older
// one: load(range, signal) answers the data, show(data) and fail(failure) put it on the page, `updated` says when,
// and each of `links` (with data-range) is marked active when its range is shown.
import { isAbort } from './api.js';
import { whileVisible } from './dom.js';
import { fmtClock } from './format.js';

export function rangeRefresher({ links, everyMs, load, show, fail, updated }) {
  const every = `${everyMs / 1000} s`;
  let range = null;
  let timer = null;
  let controller = null;

  async function refresh() {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    try {
      show(await load(range, controller.signal));
      updated.textContent = `updated ${fmtClock(Date.now())} UTC · every ${every}`;
    } catch (failure) {
      if (!isAbort(failure)) {
        fail(failure);
        updated.textContent = `failed at ${fmtClock(Date.now())} UTC · retrying every ${every}`;
      }
    }
  }

  return {
    range: () => range,
    /** Shows {@code next} now, and from then on every `everyMs`. */
    set(next) {
      range = next;
      links.forEach((link) => link.classList.toggle('active', link.dataset.range === range));
      clearInterval(timer);
      timer = whileVisible(everyMs, refresh);
      refresh();
    },
    stop() {
      clearInterval(timer);
      if (controller) {
        controller.abort();
      }
    },
  };
}
