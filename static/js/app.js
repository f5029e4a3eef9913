// Postwright: small behaviours shared by every page. No inline scripts (CSP).
"use strict";

// The current CSRF token. Logging in again (in another tab, after a session
// ended) rotates it, so a page that stays open must read the cookie at send
// time rather than keep the token it was rendered with.
window.postwrightCsrfToken = function () {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return field ? field.value : "";
};

document.addEventListener("htmx:configRequest", (event) => {
  // Replace, not add: <body hx-headers> already names the header in lower
  // case, and two spellings would be sent as one header holding both tokens.
  const headers = event.detail.headers;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === "x-csrftoken") delete headers[name];
  }
  headers["X-CSRFToken"] = window.postwrightCsrfToken();
});
