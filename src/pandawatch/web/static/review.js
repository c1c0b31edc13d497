// Review actions: send the operator's token with each decision; show the outcome as text.
(function () {
  "use strict";
  const status = document.getElementById("review-status");
  for (const button of document.querySelectorAll("button.decide")) {
    button.addEventListener("click", async () => {
      const token = document.getElementById("review-token").value;
      const url = "/api/review/" + encodeURIComponent(button.dataset.id) + "/" + button.dataset.decision;
      const response = await fetch(url, { method: "POST", headers: { "X-Review-Token": token } });
      const body = await response.json();
      status.textContent = response.ok ? "recorded: " + button.dataset.decision : "error: " + body.message;
    });
  }
})();
