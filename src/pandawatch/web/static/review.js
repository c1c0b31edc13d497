// Review actions: send the operator's token with each decision; show the outcome as text (never markup).
(function () {
  "use strict";
  const status = document.getElementById("review-status");
  for (const button of document.querySelectorAll("button.decide")) {
    button.addEventListener("click", async () => {
      const token = document.getElementById("review-token").value;
      const url = "/api/review/" + encodeURIComponent(button.dataset.id) + "/" + button.dataset.decision;
      const response = await fetch(url, { method: "POST", headers: { "X-Review-Token": token } });
      const body = await response.json();
      status.classList.toggle("error", !response.ok);
      if (!response.ok) { status.textContent = "error: " + body.message; return; }
      const file = body.result && body.result.file;
      status.textContent = button.dataset.id + " " + body.result.decision + (file ? ": wrote " + file : "");
      const row = button.closest("tr");
      row.dataset.decided = body.result.decision;
      for (const other of row.querySelectorAll("button.decide")) other.disabled = true;
    });
  }
})();
