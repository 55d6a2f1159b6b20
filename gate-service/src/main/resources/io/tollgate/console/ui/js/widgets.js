// Shared behaviour of the views: polling for live updates, and the dialog that asks for a reason.
import { fill } from './dom.js';

/**
 * Runs load() now and then every `ms` while the tab is visible, never two at once. Returns the function that stops it
 * (called when the view is left).
 */
export function poll(load, ms) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    if (!document.hidden) {
      try {
        await load();
      } catch {
        // load shows its own errors; keep polling, the next answer may be good
      }
    }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * Asks for a reason in a modal dialog (keyboard: focus starts in the field, Enter confirms, Escape cancels).
 * `submit(reason, extra)` performs the action; its error is shown in the dialog, which stays open. Resolves to the
 * action's result, or null when cancelled.
 */
export function askReason(title, help, submit, extraFields = []) {
  const dialog = document.getElementById('reason-dialog');
  const form = document.getElementById('reason-form');
  const input = document.getElementById('reason-input');
  const error = document.getElementById('reason-error');
  document.getElementById('reason-title').textContent = title;
  document.getElementById('reason-help').textContent = help || '';
  fill(document.getElementById('reason-extra'), extraFields);
  input.value = '';
  error.textContent = '';
  return new Promise((resolve) => {
    const done = (value) => {
      form.removeEventListener('submit', onSubmit);
      document.getElementById('reason-cancel').removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const onSubmit = async (ev) => {
      ev.preventDefault();
      const extra = {};
      for (const el of document.querySelectorAll('#reason-extra input')) extra[el.name] = el.value.trim();
      try {
        done(await submit(input.value.trim(), extra));
      } catch (e) {
        error.textContent = e.describe ? e.describe() : String(e);
        input.focus();
      }
    };
    const onCancel = (ev) => {
      ev.preventDefault();
      done(null);
    };
    form.addEventListener('submit', onSubmit);
    document.getElementById('reason-cancel').addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
  });
}
