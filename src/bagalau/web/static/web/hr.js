// The staff import's upload progress: htmx reports the upload as it goes (htmx:xhr:progress)
// and this fills the <progress id="upload-progress"> bar of the import form.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest ? event.target.closest("#import-form") : null;
  var bar = document.getElementById("upload-progress");
  if (!form || !bar || !event.detail.lengthComputable) {
    return;
  }
  bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
  bar.textContent = bar.value + "%";
});
