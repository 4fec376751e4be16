// Bagalau's few lines of script: everything works without it; htmx does the inline updates.
document.addEventListener("htmx:responseError", function (event) {
  // A refused inline action: show the server's message instead of failing silently.
  var box = document.getElementById("messages");
  if (!box) {
    box = document.createElement("div");
    box.id = "messages";
    box.className = "messages";
    box.setAttribute("role", "status");
    document.getElementById("main").prepend(box);
  }
  var p = document.createElement("p");
  p.className = "msg msg-error";
  p.textContent = event.detail.xhr.responseText.replace(/<[^>]*>/g, " ").trim().slice(0, 500);
  box.appendChild(p);
});
// Ask before a destructive or final action: <button data-confirm="...">.
document.addEventListener("click", function (event) {
  var el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
