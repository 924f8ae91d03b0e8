/**
 * `GET /`: recent verdicts and events, refreshed by polling `/__admin/validations` and
 * `/__admin/events`. Self-contained (inline CSS and JS); every value is written with
 * textContent, so recorded payloads can never inject markup.
 */
export const dashboardPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mock-akto</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 1.5rem; }
  h1 { font-size: 1.3rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
  .status { color: #777; font-size: 0.85rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #8884; vertical-align: top; }
  th { font-weight: 600; }
  td.reason { max-width: 40rem; overflow-wrap: anywhere; }
  .action { font-weight: 600; padding: 0.1rem 0.45rem; border-radius: 0.6rem; }
  .action-allow { background: #2e7d3233; }
  .action-mask { background: #1565c033; }
  .action-block { background: #c6282833; }
  .action-alert, .action-warn, .action-approval { background: #ef6c0033; }
  .action-fault { background: #6a1b9a33; }
  .empty { color: #777; font-style: italic; }
</style>
</head>
<body>
<h1>mock-akto</h1>
<div class="status" id="status">loading…</div>
<h2>Recent verdicts</h2>
<table>
  <thead><tr><th>time</th><th>route</th><th>side</th><th>action</th><th>rule</th><th>policy</th><th>reason</th></tr></thead>
  <tbody id="verdicts"><tr><td colspan="7" class="empty">no verdicts yet</td></tr></tbody>
</table>
<h2>Recent events</h2>
<table>
  <thead><tr><th>time</th><th>source</th><th>kind</th><th>category</th><th>rule</th><th>policy</th></tr></thead>
  <tbody id="events"><tr><td colspan="6" class="empty">no events yet</td></tr></tbody>
</table>
<script>
(function () {
  var pollMs = 1000;
  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }
  function actionCell(row, action) {
    var td = document.createElement("td");
    var badge = document.createElement("span");
    badge.className = "action action-" + action;
    badge.textContent = action;
    td.appendChild(badge);
    row.appendChild(td);
  }
  function clock(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
  }
  function fill(body, items, columns, render, emptyText) {
    body.textContent = "";
    if (items.length === 0) {
      var row = document.createElement("tr");
      var td = cell(row, emptyText, "empty");
      td.colSpan = columns;
      body.appendChild(row);
      return;
    }
    for (var index = items.length - 1; index >= 0; index -= 1) {
      var item = items[index];
      var tr = document.createElement("tr");
      tr.setAttribute("data-id", String(item.id));
      render(tr, item);
      body.appendChild(tr);
    }
  }
  function renderVerdict(row, record) {
    var verdict = record.verdict || {};
    cell(row, clock(record.time));
    cell(row, record.route);
    cell(row, record.direction);
    actionCell(row, record.action || (record.fault ? "fault" : "unknown"));
    cell(row, record.fault && !record.verdict ? "fault: " + record.fault : verdict.ruleViolated);
    cell(row, verdict.policyName);
    cell(row, verdict.reason, "reason");
  }
  function renderEvent(row, record) {
    var event = (record.body && record.body.maliciousEvent) || {};
    var metadata = event.metadata || {};
    cell(row, clock(record.time));
    cell(row, record.source);
    cell(row, record.kind);
    cell(row, event.category);
    cell(row, metadata.ruleViolated);
    cell(row, event.filterId);
  }
  function getJson(path) {
    return fetch(path, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(path + " answered " + response.status);
      return response.json();
    });
  }
  function refresh() {
    Promise.all([getJson("/__admin/validations?limit=100"), getJson("/__admin/events?limit=50")])
      .then(function (results) {
        fill(document.getElementById("verdicts"), results[0], 7, renderVerdict, "no verdicts yet");
        fill(document.getElementById("events"), results[1], 6, renderEvent, "no events yet");
        document.getElementById("status").textContent =
          "updated " + new Date().toLocaleTimeString() + " · " + results[0].length + " verdicts shown";
      })
      .catch(function (error) {
        document.getElementById("status").textContent = "refresh failed: " + error.message;
      })
      .then(function () { setTimeout(refresh, pollMs); });
  }
  refresh();
})();
</script>
</body>
</html>
`;
