// The partner's answer page: posts Confirm or Decline (with its optional reason) as JSON, then shows what was
// recorded. The token and the words come from the page itself; nothing is loaded from elsewhere.
(() => {
  'use strict';
  const box = document.getElementById('answer');
  if (!box) return;
  const status = document.getElementById('status');
  const buttons = box.querySelectorAll('button[data-answer]');

  function show(text, kind) {
    status.textContent = text;
    status.className = kind ? `banner ${kind}` : '';
  }

  function send(answer) {
    const reason = document.getElementById('reason');
    const body = { token: box.getAttribute('data-token'), answer: answer };
    if (answer === 'declined' && reason && reason.value.trim()) body.reason = reason.value.trim();
    for (let i = 0; i < buttons.length; i++) buttons[i].disabled = true;
    show(box.getAttribute('data-sending'), 'info');
    fetch(box.getAttribute('data-action'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    })
      .then((res) =>
        res.json().then(
          (data) => ({ ok: res.ok, status: res.status, data: data }),
          () => ({ ok: false, status: res.status, data: null }),
        ),
      )
      .then((r) => {
        const message = r.data && typeof r.data.message === 'string' ? r.data.message : box.getAttribute('data-failed');
        if (r.ok || r.status === 409) {
          // Answered (now or before) or no longer current: nothing is left to press.
          const form = document.getElementById('answer-form');
          if (form) form.remove();
          show(message, r.ok ? 'success' : 'info');
          status.setAttribute('tabindex', '-1');
          status.focus();
          return;
        }
        show(message, 'error');
        for (let i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      })
      .catch(() => {
        show(box.getAttribute('data-failed'), 'error');
        for (let i = 0; i < buttons.length; i++) buttons[i].disabled = false;
      });
  }

  for (let i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', (event) => {
      send(event.currentTarget.getAttribute('data-answer'));
    });
  }
})();
