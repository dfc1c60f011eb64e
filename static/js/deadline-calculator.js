// 公开时限计算器：有 JavaScript 时在原处更新结果，无 JavaScript 时表单照常以 GET 提交。
(function () {
  "use strict";
  document.querySelectorAll("[data-deadline-calculator]").forEach(function (section) {
    if (section.dataset.enhanced) { return; }
    section.dataset.enhanced = "1";
    var form = section.querySelector("form");
    if (!form || !window.fetch) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      params.set("partial", "1");
      var url = form.action.split("#")[0] + "?" + params.toString();
      fetch(url, { headers: { "Accept": "text/html" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-deadline-calculator]");
          var target = section.querySelector(".deadline-result");
          var newResult = fresh && fresh.querySelector(".deadline-result");
          if (target && newResult) { target.innerHTML = newResult.innerHTML; }
          var errors = fresh && fresh.querySelector(".errorlist");
          var oldErrors = section.querySelector(".errorlist");
          if (oldErrors) { oldErrors.remove(); }
          if (errors) { form.querySelector("button").parentNode.before(errors); }
        })
        .catch(function () { form.submit(); });
    });
  });
})();
