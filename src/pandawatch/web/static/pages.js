// What every page needs once loaded: chart axis labels placed under their bars (through the CSSOM, as a strict
// Content-Security-Policy allows; without script the labels simply run in a row).
(function () {
  "use strict";
  for (const label of document.querySelectorAll(".chart-axis span[data-x]")) {
    label.style.left = label.dataset.x + "%";
    label.parentElement.classList.add("placed");
  }
})();
