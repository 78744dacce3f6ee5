/*! Onboard loader, message version 1. Embeds the Onboard widget in a partner's page:
 *
 *   const handle = Onboard.create({ token, container, locale, theme, onEvent, onSuccess, onExit });
 *   handle.open(); handle.exit(); handle.destroy();
 *
 * or, without script: <onboard-widget token="..." locale="sv" data-color-primary="#0a7"></onboard-widget>
 *
 * The widget runs in an iframe from this script's origin. The session token goes to it by
 * postMessage, addressed to that exact origin, never in a URL; messages are accepted only from
 * that origin and that iframe, and only in the documented shape. Hand-written and
 * dependency-free, so a partner's page loads a few kilobytes and nothing else.
 */
(function () {
  "use strict";
  if (window.Onboard) return;

  var SOURCE = "onboard";
  var VERSION = 1;
  var MIN_HEIGHT = 480;
  var WIDGET_ORIGIN = new URL(document.currentScript.src, location.href).origin;

  function isWidgetMessage(data) {
    return data !== null && typeof data === "object" && data.source === SOURCE &&
      data.version === VERSION && typeof data.type === "string";
  }

  function toElement(container) {
    var element = typeof container === "string" ? document.querySelector(container) : container;
    if (!element || typeof element.appendChild !== "function") {
      throw new TypeError("Onboard.create: `container` must be an element or a selector that finds one");
    }
    return element;
  }

  // A partner's callback that throws must not stop the widget's events: report it and go on.
  function call(callback, argument) {
    if (typeof callback !== "function") return;
    try {
      callback(argument);
    } catch (error) {
      setTimeout(function () { throw error; });
    }
  }

  function create(options) {
    options = options || {};
    if (typeof options.token !== "string" || !options.token) {
      throw new TypeError("Onboard.create: `token` (the session token your backend minted) is required");
    }
    var container = toElement(options.container);
    var iframe = null;

    function post(message) {
      if (iframe && iframe.contentWindow) iframe.contentWindow.postMessage(message, WIDGET_ORIGIN);
    }

    function onMessage(event) {
      if (!iframe || event.origin !== WIDGET_ORIGIN || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (!isWidgetMessage(data)) return;
      if (data.type === "ready") {
        post({ source: SOURCE, version: VERSION, type: "init", token: options.token,
          locale: typeof options.locale === "string" ? options.locale : undefined,
          theme: options.theme && typeof options.theme === "object" ? options.theme : undefined });
      } else if (data.type === "resize" && typeof data.height === "number" && isFinite(data.height)) {
        iframe.style.height = Math.max(MIN_HEIGHT, Math.ceil(data.height)) + "px";
      } else if (data.type === "event" && data.event && typeof data.event.name === "string") {
        relay(data.event);
      }
    }

    function relay(event) {
      call(options.onEvent, event);
      if (event.name === "SUCCESS") call(options.onSuccess, event);
      if (event.name === "EXIT") {
        close();
        call(options.onExit, event);
      }
    }

    function close() {
      window.removeEventListener("message", onMessage);
      if (iframe && iframe.parentNode) iframe.parentNode.removeChild(iframe);
      iframe = null;
    }

    return {
      open: function () {
        if (iframe) return;
        iframe = document.createElement("iframe");
        iframe.title = "Onboarding";
        iframe.src = WIDGET_ORIGIN + "/embed?origin=" + encodeURIComponent(location.origin);
        iframe.setAttribute("allow", "clipboard-write");
        iframe.setAttribute("referrerpolicy", "origin");
        iframe.style.cssText = "display:block;width:100%;min-width:320px;border:0;height:" + MIN_HEIGHT + "px";
        window.addEventListener("message", onMessage);
        container.appendChild(iframe);
      },
      // The partner closes the widget: the user's answers stay with the session.
      exit: function () {
        if (!iframe) return;
        close();
        var event = { name: "EXIT", reason: "partner_exit" };
        call(options.onEvent, event);
        call(options.onExit, event);
      },
      destroy: close
    };
  }

  window.Onboard = Object.freeze({ create: create, version: VERSION });

  // <onboard-widget token locale data-color-scheme data-color-* data-radius data-font-family
  // data-font-size data-spacing>: the same loader, with DOM events instead of callbacks
  // (onboard:event, onboard:success, onboard:exit; the event's detail is the widget's event).
  if (!window.customElements || customElements.get("onboard-widget")) return;

  function themeOf(element) {
    var theme = { colors: {} };
    var data = element.dataset;
    Object.keys(data).forEach(function (key) {
      if (key === "colorScheme") theme.colorScheme = data[key];
      else if (key.indexOf("color") === 0 && key.length > 5) {
        theme.colors[key.charAt(5).toLowerCase() + key.slice(6)] = data[key];
      } else if (["radius", "fontFamily", "fontSize", "spacing"].indexOf(key) >= 0) theme[key] = data[key];
    });
    return theme;
  }

  customElements.define("onboard-widget", class extends HTMLElement {
    connectedCallback() {
      var element = this;
      var token = element.getAttribute("token");
      if (!token || element.handle) return;
      function emit(type) {
        return function (detail) {
          element.dispatchEvent(new CustomEvent(type, { detail: detail, bubbles: true, composed: true }));
        };
      }
      element.style.display = "block";
      element.handle = create({
        token: token,
        container: element,
        locale: element.getAttribute("locale") || undefined,
        theme: themeOf(element),
        onEvent: emit("onboard:event"),
        onSuccess: emit("onboard:success"),
        onExit: emit("onboard:exit")
      });
      element.handle.open();
    }

    disconnectedCallback() {
      if (this.handle) this.handle.destroy();
      this.handle = null;
    }
  });
})();
