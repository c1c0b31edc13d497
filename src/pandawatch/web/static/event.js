// Bring the highlighted evidence into view inside the article.
(function () {
  "use strict";
  const mark = document.getElementById("evidence");
  if (mark) mark.scrollIntoView({ block: "center" });
})();
