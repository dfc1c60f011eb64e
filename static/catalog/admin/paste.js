// The upload form's 粘贴文本 box (templates/admin/catalog/importrun/upload.html): a paste larger
// than a form field may carry (data-max-bytes, Django's DATA_UPLOAD_MAX_MEMORY_SIZE) is sent as the
// file 粘贴文本.txt instead, as if it had been saved and chosen; the server reads the two alike.
// Without this script such a paste is refused by the server with its size.
(function () {
  "use strict";
  var box = document.getElementById("id_text");
  var file = document.getElementById("id_file");
  if (!box || !file || !box.form || typeof DataTransfer === "undefined") return;
  box.form.addEventListener("submit", function () {
    var limit = Number(box.getAttribute("data-max-bytes"));
    if (!box.value.trim() || file.files.length || new Blob([box.value]).size <= limit) return;
    var moved = new DataTransfer();
    moved.items.add(new File([box.value], box.getAttribute("data-file-name"), { type: "text/plain" }));
    file.files = moved.files;
    box.disabled = true; // not sent as a field as well
  });
  // Back to the form from the job page: the box is the staff member's again.
  window.addEventListener("pageshow", function () {
    box.disabled = false;
  });
})();
