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
var applicationId = null;

// The widget names the application in its events: the partner reads it from there.
function noteApplication(event) {
  if (!event.applicationId) return;
  applicationId = event.applicationId;
  document.getElementById("partner-read").disabled = false;
  document.getElementById("partner-resume").disabled = false;
}

// Every PEP and sanction hit in the results, with whom it was found on.
function screeningHits(results) {
  var hits = [];
  function collect(who, subject) {
    (subject.pepHits || []).forEach(function (hit) {
      hits.push(who + ": politically exposed person (" + hit.pepCountry + ", " + hit.source.name + ")");
    });
    (subject.sanctionHits || []).forEach(function (hit) {
      hits.push(who + ": on a sanctions list (" + hit.source.name + ", listed " + hit.listedDate + ")");
    });
  }
  if (results.person) collect(results.person.firstName + " " + results.person.lastName, results.person);
  if (results.organization) collect(results.organization.organizationName, results.organization);
  (results.signingCombinations || []).concat(results.boardMembers || []).forEach(function (group) {
    group.forEach(function (party) { collect(party.name, party); });
  });
  (results.signedBy || []).forEach(function (signer) { collect(signer.name, signer); });
  return hits.filter(function (hit, index) { return hits.indexOf(hit) === index; });
}

function make(tag, text, attributes) {
  var node = Object.assign(document.createElement(tag), attributes || {});
  if (text !== undefined) node.textContent = text;
  return node;
}

async function readApplication() {
  var panel = document.getElementById("partner-panel");
  panel.textContent = "";
  var response = await fetch("/demo/applications/" + encodeURIComponent(applicationId));
  var body = await response.json();
  if (!response.ok) {
    panel.appendChild(make("p", body.error ? body.error.message : "could not read the application"));
    return;
  }
  panel.appendChild(make("p", "Status: " + body.status, { id: "partner-status" }));
  if (body.results) {
    var hits = screeningHits(body.results);
    var list = make("ul", undefined, { id: "partner-screening" });
    (hits.length ? hits : ["No PEP or sanction hit"]).forEach(function (hit) {
      list.appendChild(make("li", hit));
    });
    panel.append(make("h4", "Screening"), list);
  }
  var details = make("details");
  details.append(make("summary", "The whole answer"), make("pre", JSON.stringify(body, null, 2)));
  panel.appendChild(details);
}

// The partner's backend mints a new session of the application: its one-time link carries on
// where the customer left off, in another browser or later.
async function resumeLink() {
  var panel = document.getElementById("partner-panel");
  panel.textContent = "";
  var response = await fetch("/demo/applications/" + encodeURIComponent(applicationId) + "/sessions",
    { method: "POST" });
  var body = await response.json();
  if (!response.ok) {
    panel.appendChild(make("p", body.error ? body.error.message : "could not make a new link"));
    return;
  }
  panel.appendChild(make("p", "Open it in another browser, once: it carries on where the customer left off."));
  panel.appendChild(make("a", body.hostedUrl, { href: body.hostedUrl, id: "partner-resume-link",
    target: "_blank", rel: "noopener" }));
}

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
      onEvent: function (event) { log("iframe", event); noteApplication(event); },
      onSuccess: function (event) { log("iframe onSuccess", event); noteApplication(event); },
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
  element.addEventListener("onboard:event", function (event) {
    log("element", event.detail);
    noteApplication(event.detail);
  });
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
document.getElementById("partner-read").addEventListener("click", readApplication);
document.getElementById("partner-resume").addEventListener("click", resumeLink);
