/*! Roster embed: one <script> tag that puts a studio's membership sign-up on any page.
 *
 *   <script src="https://ROSTER_HOST/embed.js" data-studio="your-studio" async></script>
 *
 * Optional attributes:
 *   data-plan="<plan id>"     open one plan directly
 *   data-token="<jwt>"        sign the visitor in (E2: minted by your server, minutes of validity, single use)
 *   data-title="…"            the frame's accessible name (default "Membership sign-up")
 *   data-onsignup="fnName"    a global function called with { studio, plan: { id, name }, status }
 * The host page also receives a "roster:signup" DOM event on document with the same detail.
 * Messages are sent to and accepted from Roster's exact origin only; no dependencies.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var app = new URL(script.src).origin;
  var studio = script.getAttribute("data-studio") || "";
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(studio)) {
    console.error('Roster embed: set data-studio to your studio\'s address (e.g. data-studio="blue-door-yoga").');
    return;
  }
  var plan = script.getAttribute("data-plan") || "";
  var token = script.getAttribute("data-token") || "";
  // The token is not left in the page's DOM once read.
  script.removeAttribute("data-token");

  var frame = document.createElement("iframe");
  frame.src = app + "/embed/" + studio + (/^[0-9a-f-]{36}$/i.test(plan) ? "/plans/" + plan : "");
  frame.title = script.getAttribute("data-title") || "Membership sign-up";
  frame.setAttribute("scrolling", "no");
  frame.style.cssText =
    "display:block;width:100%;max-width:100%;height:560px;border:0;overflow:hidden;background:transparent;transition:height .15s ease-out";
  script.parentNode.insertBefore(frame, script.nextSibling);

  var tokenSent = false;
  window.addEventListener("message", function (e) {
    if (e.origin !== app || e.source !== frame.contentWindow) return;
    var d = e.data;
    if (!d || typeof d.type !== "string") return;
    if (d.type === "roster:resize") {
      if (typeof d.height === "number" && d.height > 0 && d.height < 20000)
        frame.style.height = Math.ceil(d.height) + "px";
    } else if (d.type === "roster:ready") {
      if (token && !tokenSent && !d.signedIn) {
        tokenSent = true;
        frame.contentWindow.postMessage({ type: "roster:token", token: token }, app);
      }
    } else if (d.type === "roster:signup") {
      var detail = { studio: studio, plan: d.plan, status: d.status };
      document.dispatchEvent(new CustomEvent("roster:signup", { detail: detail }));
      var name = script.getAttribute("data-onsignup");
      if (name && typeof window[name] === "function") window[name](detail);
    }
  });
})();
