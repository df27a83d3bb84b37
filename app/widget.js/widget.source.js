/*
 * Blastradius notices widget, served as /widget.js (app/widget.js/route.ts). Plain ES2019.
 *
 *   <script src="https://<blastradius host>/widget.js" async
 *           data-key="pk_…" data-customer="<your customer id>" data-hash="<hex HMAC>"></script>
 *
 * Fetches the customer's active notices from the script's own origin (GET /api/v1/notices;
 * the page's origin must be one the workspace allows) and shows them as dismissible banners
 * inside a Shadow DOM (open, so assistive tools and tests can read it): the host page's styles are not touched and do not leak in, and
 * nothing is added to `window`. Every server string is inserted as text. A dismissal is
 * remembered per update in localStorage, so the next update of the same incident shows again.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return;
  var key = script.getAttribute("data-key");
  var customer = script.getAttribute("data-customer");
  var hash = script.getAttribute("data-hash");
  if (!key || !customer || !hash) {
    console.warn("[blastradius] widget.js needs data-key, data-customer and data-hash.");
    return;
  }
  var origin = new URL(script.src, window.location.href).origin;
  var storeKey = "blastradius:dismissed:" + key + ":" + customer;

  var STATUS = {
    investigating: "Investigating",
    identified: "Identified",
    monitoring: "Monitoring",
    resolved: "Resolved",
  };

  var CSS = [
    ":host{all:initial}",
    ".stack{position:fixed;z-index:2147483000;left:12px;right:12px;bottom:12px;display:flex;flex-direction:column;gap:8px;align-items:flex-end;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;pointer-events:none}",
    ".notice{pointer-events:auto;box-sizing:border-box;width:100%;max-width:420px;background:#fff;color:#18181b;border:1px solid #e4e4e7;border-left:4px solid #dc2626;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.12);padding:12px 40px 12px 14px;position:relative}",
    ".notice[data-status=identified]{border-left-color:#ea580c}",
    ".notice[data-status=monitoring]{border-left-color:#2563eb}",
    ".notice[data-status=resolved]{border-left-color:#059669}",
    ".meta{font-size:12px;color:#52525b;margin:0 0 2px}",
    ".title{font-weight:600;margin:0 0 4px;overflow-wrap:anywhere}",
    ".text{margin:0 0 6px;color:#3f3f46;overflow-wrap:anywhere;white-space:pre-line}",
    "a{color:#1d4ed8;text-decoration:underline;font-weight:500}",
    ".close{position:absolute;top:6px;right:6px;width:32px;height:32px;border:0;border-radius:6px;background:transparent;color:#52525b;font:20px/1 system-ui,sans-serif;cursor:pointer}",
    ".close:hover{background:#f4f4f5}",
    ".close:focus-visible,a:focus-visible{outline:2px solid #2563eb;outline-offset:2px}",
    "@media (prefers-color-scheme:dark){",
    ".notice{background:#18181b;color:#f4f4f5;border-color:#3f3f46;box-shadow:0 6px 24px rgba(0,0,0,.5)}",
    ".meta{color:#a1a1aa}.text{color:#d4d4d8}a{color:#93c5fd}",
    ".close{color:#a1a1aa}.close:hover{background:#27272a}",
    "}",
  ].join("");

  function readDismissed() {
    try {
      var list = JSON.parse(window.localStorage.getItem(storeKey) || "[]");
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  function remember(id) {
    var list = readDismissed();
    if (list.indexOf(id) === -1) list.push(id);
    try {
      // The newest 200 are plenty: notices are few and short-lived.
      window.localStorage.setItem(storeKey, JSON.stringify(list.slice(-200)));
    } catch {
      // Storage full or blocked: the banner goes away for this page view only.
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1).replace(/\s+\S*$/, "") + "…" : text;
  }

  /** Only links to the notice page on this script's own origin are followed. */
  function safeUrl(value) {
    try {
      var url = new URL(String(value));
      return url.origin === origin ? url.href : null;
    } catch {
      return null;
    }
  }

  function render(notices) {
    var dismissed = readDismissed();
    var shown = notices.filter(function (n) {
      return n && typeof n.id === "string" && dismissed.indexOf(n.id) === -1;
    });
    if (shown.length === 0) return;

    var host = document.createElement("div");
    host.setAttribute("data-blastradius-notices", "");
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
    var stack = el("div", "stack");
    stack.setAttribute("role", "region");
    stack.setAttribute("aria-label", "Service notices");
    root.appendChild(stack);

    shown.forEach(function (n) {
      var box = el("div", "notice");
      box.setAttribute("role", "status");
      box.setAttribute("data-status", String(n.status));
      var when = new Date(n.updatedAt);
      var meta = (STATUS[n.status] || "Update") + " · " + String(n.incident);
      if (!isNaN(when.getTime())) {
        meta += " · " + when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      }
      box.appendChild(el("p", "meta", meta));
      box.appendChild(el("p", "title", String(n.title)));
      var text = n.body && typeof n.body.text === "string" ? n.body.text : "";
      if (text) box.appendChild(el("p", "text", shorten(text, 280)));
      var href = safeUrl(n.url);
      if (href) {
        var link = el("a", "", "Read all updates");
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        box.appendChild(link);
      }
      var close = el("button", "close", "×");
      close.type = "button";
      close.setAttribute("aria-label", "Dismiss notice: " + String(n.title));
      close.addEventListener("click", function () {
        remember(n.id);
        stack.removeChild(box);
        if (!stack.firstChild) host.parentNode.removeChild(host);
      });
      box.appendChild(close);
      stack.appendChild(box);
    });

    (document.body || document.documentElement).appendChild(host);
  }

  var query = new URLSearchParams({ customer: customer, key: key, hash: hash });
  window
    .fetch(origin + "/api/v1/notices?" + query.toString(), { credentials: "omit", mode: "cors" })
    .then(function (res) {
      if (res.ok) return res.json();
      if (res.status === 401)
        console.warn("[blastradius] notices refused: check data-key and data-hash.");
      return null;
    })
    .then(function (data) {
      if (!data || !Array.isArray(data.notices)) return;
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () {
          render(data.notices);
        });
      } else {
        render(data.notices);
      }
    })
    .catch(function () {
      // Offline or blocked: the page works as if there were nothing to tell.
    });
})();
