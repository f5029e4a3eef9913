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
  const token = window.postwrightCsrfToken();
  headers["X-CSRFToken"] = token;
  // Django reads a form's csrfmiddlewaretoken before the header: a form
  // rendered before the rotation would send the old token and be refused.
  const data = event.detail.formData;
  if (data && data.has("csrfmiddlewaretoken")) data.set("csrfmiddlewaretoken", token);
});

// What the server said when it refused an htmx request: {message, loginUrl}.
// Its own words (JSON {"error": …}, plain text, or an error page's message),
// else a sentence naming the status.
window.postwrightErrorOf = function (xhr) {
  const type = xhr.getResponseHeader("Content-Type") || "";
  const body = xhr.responseText || "";
  let message = "";
  let loginUrl = "";
  if (type.includes("application/json")) {
    try {
      const data = JSON.parse(body);
      message = data.error || "";
      loginUrl = data.login_url || "";
    } catch {
      message = "";
    }
  } else if (type.includes("text/html")) {
    const doc = new DOMParser().parseFromString(body, "text/html");
    const found = doc.querySelector("[data-error-message]") || doc.body;
    message = (found ? found.textContent : "").trim().replace(/\s+/g, " ").slice(0, 300);
  } else {
    message = body.trim().slice(0, 300);
  }
  if (!message) {
    message =
      xhr.status >= 500
        ? `The server could not do that (error ${xhr.status}). Try again in a moment.`
        : `That did not work (error ${xhr.status}).`;
  }
  if (xhr.status === 401 && !loginUrl) loginUrl = "/accounts/login/";
  return { message, loginUrl: xhr.status === 401 ? loginUrl : "" };
};

// An htmx request the server refused (4xx/5xx) is not swapped in; say why,
// in one notice at the bottom of the screen, and clear it once requests
// work again (e.g. after logging in again in another tab).
(() => {
  let notice = null;

  function showNotice(message, loginUrl) {
    if (!notice) {
      notice = document.createElement("div");
      notice.id = "request-notice";
      notice.className = "request-notice alert alert-warning shadow d-flex flex-wrap align-items-center gap-2";
      notice.setAttribute("role", "alert");
      document.body.append(notice);
    }
    notice.replaceChildren();
    const text = document.createElement("span");
    text.className = "me-auto";
    text.dataset.noticeText = "";
    text.textContent = message;
    notice.append(text);
    if (loginUrl) {
      const link = document.createElement("a");
      link.className = "btn btn-sm btn-outline-dark";
      link.href = loginUrl;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Log in (new tab)";
      notice.append(link);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", "Dismiss");
    close.addEventListener("click", hideNotice);
    notice.append(close);
    notice.hidden = false;
  }

  function hideNotice() {
    if (notice) notice.hidden = true;
  }

  document.addEventListener("htmx:responseError", (event) => {
    const { message, loginUrl } = window.postwrightErrorOf(event.detail.xhr);
    showNotice(message, loginUrl);
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) hideNotice();
  });
})();
