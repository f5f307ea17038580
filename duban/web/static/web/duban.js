// duban's small behaviours, without inline scripts (the Content-Security-Policy allows none).
(function () {
  "use strict";

  // A button or form with data-confirm asks before it acts (publishing, closing, overriding).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var text = form.getAttribute("data-confirm") || (event.submitter && event.submitter.getAttribute("data-confirm"));
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  }, true);

  // An upload form (hx-post, multipart) with a [data-upload-progress] bar shows how far a large file has gone.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
    if (!bar || !event.detail.lengthComputable) {
      return;
    }
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    var inner = bar.querySelector(".progress-bar");
    bar.classList.remove("d-none");
    inner.style.width = percent + "%";
    inner.textContent = percent < 100 ? "上传 " + percent + "%" : "正在解析，请稍候…";
  });

  // A refusal answered to an htmx request (the form again with its errors, or the Chinese message
  // of duban.web.middleware; 503 when the database is busy) is shown in place: htmx would drop it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (((status >= 400 && status < 500) || status === 503) && event.detail.xhr.responseText) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The top bar's search behind a button (medium-wide screens): the box takes the cursor when it opens.
  document.addEventListener("shown.bs.dropdown", function (event) {
    if (event.target.hasAttribute("data-search-toggle")) {
      var input = event.target.parentNode.querySelector("input[name=q]");
      if (input) {
        input.focus();
      }
    }
  });

  // Charts: a <div data-chart="..."> holding an ECharts option as JSON in its data-chart-option attribute
  // (what htmx loads keeps it: htmx drops script tags) or in a <script type="application/json"> of that id.
  function drawCharts(root) {
    if (!window.echarts) {
      return;
    }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      var text = el.getAttribute("data-chart-option") || (source && source.textContent);
      if (!text || el.getAttribute("data-drawn")) {
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(text));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
})();
