/* Search page: the 筛选 panel (<details class="filter-panel">) comes before the results and starts
   collapsed, for phones; where <main> is wide enough to show it beside the results (56 of its own
   em, as in site.css), open it. Without JavaScript it stays a collapsed, working panel. */
(function () {
  "use strict";
  var panel = document.querySelector("details.filter-panel");
  var main = document.getElementById("main");
  if (!panel || !main) { return; }
  var em = parseFloat(window.getComputedStyle(main).fontSize) || 16;
  if (main.clientWidth / em >= 56) { panel.open = true; }
}());
