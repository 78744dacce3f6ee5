// The demo partner page: mints sessions through its "backend" (/demo/sessions) and shows the
// three ways in, with the chosen journey, country, language and theme.
"use strict";

var THEMES = {
  default: undefined,
  forest: { colorScheme: "light", colors: { primary: "#1f7a4d", background: "#f4f8f5", text: "#10231a" },
    radius: "4px", fontFamily: "Georgia, serif" },
  midnight: { colorScheme: "dark", colors: { primary: "#8ab4ff" }, radius: "12px" },
  sunrise: { colorScheme: "light", colors: { primary: "#b3400f", surface: "#fffaf5" }, radius: "18px",
    spacing: "9px" }
};

function choice(id) {
  return document.getElementById(id).value;
}

async function mintSession() {
  var response = await fetch("/demo/sessions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ workflowId: choice("workflow"), countryCode: choice("country"),
      locale: choice("locale") || undefined })
  });
  var body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : "could not start a session");
  return body.sessionToken;
}

function log(source, event) {
  var item = document.createElement("li");
  var details = Object.keys(event).filter(function (key) { return key !== "name"; })
    .map(function (key) { return key + "=" + event[key]; }).join(" ");
  item.textContent = source + " " + event.name + (details ? " " + details : "");
  item.dataset.event = event.name;
  document.getElementById("event-log").appendChild(item);
}

var embedded = null;

async function openEmbedded() {
  if (embedded) embedded.destroy();
  document.getElementById("event-log").textContent = "";
  var exit = document.getElementById("embed-exit");
  try {
    embedded = Onboard.create({
      token: await mintSession(),
      container: "#embed-container",
      locale: choice("locale") || undefined,
      theme: THEMES[choice("theme")],
      onEvent: function (event) { log("iframe", event); },
      onSuccess: function (event) { log("iframe onSuccess", event); },
      onExit: function () { exit.disabled = true; embedded = null; }
    });
    embedded.open();
    exit.disabled = false;
  } catch (error) {
    log("demo", { name: "ERROR", message: error.message });
  }
}

async function insertElement() {
  var slot = document.getElementById("element-slot");
  slot.textContent = "";
  var element = document.createElement("onboard-widget");
  var theme = THEMES[choice("theme")] || {};
  if (theme.colorScheme) element.dataset.colorScheme = theme.colorScheme;
  Object.keys(theme.colors || {}).forEach(function (name) {
    element.dataset["color" + name.charAt(0).toUpperCase() + name.slice(1)] = theme.colors[name];
  });
  ["radius", "fontFamily", "spacing"].forEach(function (key) {
    if (theme[key]) element.dataset[key] = theme[key];
  });
  if (choice("locale")) element.setAttribute("locale", choice("locale"));
  try {
    element.setAttribute("token", await mintSession());
  } catch (error) {
    log("demo", { name: "ERROR", message: error.message });
    return;
  }
  element.addEventListener("onboard:event", function (event) { log("element", event.detail); });
  slot.appendChild(element);
}

// The hosted links take the country and language chosen above.
document.querySelectorAll("form.card").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.elements.country.value = choice("country");
    var locale = form.elements.locale || form.appendChild(Object.assign(document.createElement("input"),
      { type: "hidden", name: "locale" }));
    locale.value = choice("locale");
    locale.disabled = !locale.value;
  });
});
document.getElementById("embed-open").addEventListener("click", openEmbedded);
document.getElementById("embed-exit").addEventListener("click", function () { if (embedded) embedded.exit(); });
document.getElementById("element-open").addEventListener("click", insertElement);
