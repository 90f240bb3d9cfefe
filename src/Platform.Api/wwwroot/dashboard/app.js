// The operators' dashboard: one page, plain JavaScript, no build step and nothing from a CDN. Every number comes from
// the platform's JSON API (the same routes as curl and the CLI), with the API key the operator typed in, kept in this
// tab's session storage and sent as "Authorization: Bearer" (no cookie: another site cannot act on an operator's behalf).
// Pages refresh by polling every few seconds (GET /api/me says how often).
"use strict";

const KEY = "platform-api-key";
const state = { session: null, timer: null, page: null };
const main = document.getElementById("main");

// ---------- helpers ----------

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function time(value) {
  if (!value) return "-";
  const d = new Date(value);
  return isNaN(d) ? esc(value) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function ms(value) {
  if (value === null || value === undefined) return "-";
  return value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function badge(value) {
  return value === null || value === undefined ? "-" : `<span class="state ${esc(value)}">${esc(value)}</span>`;
}

function short(id) { return id ? esc(String(id).slice(0, 8)) : "-"; }

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : "";
}

function toast(message, bad) {
  const box = document.getElementById("toast");
  const item = document.createElement("div");
  item.className = bad ? "bad" : "";
  item.textContent = message;
  box.appendChild(item);
  setTimeout(() => item.remove(), 6000);
}

function problemText(body) {
  if (!body) return "the API answered with an error";
  const errors = body.errors ? Object.entries(body.errors).map(([f, m]) => `${f}: ${[].concat(m).join(" ")}`) : [];
  return [body.title, errors.length ? "" : body.detail].filter(Boolean).join(": ") + (errors.length ? ` (${errors.join("; ")})` : "");
}

function showErrors(element, body) {
  if (!body) { element.innerHTML = ""; return; }
  const errors = body.errors ? Object.entries(body.errors).map(([f, m]) => `<li><b>${esc(f)}</b>: ${esc([].concat(m).join(" "))}</li>`) : [];
  element.innerHTML = `<div class="errors" data-testid="errors"><b>${esc(body.title || "Error")}</b>${body.detail && !errors.length ? ": " + esc(body.detail) : ""}` +
    (errors.length ? `<ul>${errors.join("")}</ul>` : "") + "</div>";
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json", "X-Platform-User": "dashboard" };
  const key = sessionStorage.getItem(KEY);
  if (key) headers["Authorization"] = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`../${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { title: text }; }
  if (response.status === 401) { showLogin(json && json.detail); throw new Error("unauthorized"); }
  return { status: response.status, ok: response.ok, body: json };
}

async function get(path) {
  const answer = await api("GET", path);
  if (!answer.ok) throw new Error(problemText(answer.body));
  return answer.body;
}

function canOperate() { return state.session && state.session.canOperate; }

// A command button: only for callers who may send commands (an Operator key, or an API without keys).
function button(label, action, attrs = "", cls = "") {
  return canOperate() ? `<button class="${cls}" data-action="${esc(action)}" ${attrs}>${esc(label)}</button>` : "";
}

async function command(path, body, done) {
  const answer = await api("POST", path, body ?? {});
  if (answer.ok) {
    toast(`${answer.body && answer.body.command ? answer.body.command : "Command"} sent`);
    if (done) await done(answer);
  } else {
    toast(problemText(answer.body), true);
  }
  return answer;
}

// ---------- charts (SVG, drawn here) ----------

function lineChart(points, testid) {
  const width = 600, height = 180, left = 48, bottom = 22, top = 10, right = 10;
  const series = [{ key: "p50", color: "#2f6fde" }, { key: "p95", color: "#b26b00" }, { key: "max", color: "#c0362c" }];
  if (!points.length) return `<div class="muted" data-testid="${testid}">No data in this window yet.</div>`;
  const times = points.map(p => new Date(p.at).getTime());
  const t0 = Math.min(...times), t1 = Math.max(...times, t0 + 1);
  const max = Math.max(1, ...points.map(p => p.max));
  const x = t => left + (t - t0) / (t1 - t0) * (width - left - right);
  const y = v => top + (1 - v / max) * (height - top - bottom);
  const lines = series.map(s => {
    const path = points.map((p, i) => `${i ? "L" : "M"}${x(new Date(p.at).getTime()).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(" ");
    const dots = points.length === 1 ? `<circle cx="${x(t0)}" cy="${y(points[0][s.key])}" r="3" fill="${s.color}"/>` : "";
    return `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="1.8"/>${dots}`;
  }).join("");
  const grid = [0, 0.5, 1].map(f => `<line x1="${left}" x2="${width - right}" y1="${y(max * f)}" y2="${y(max * f)}" stroke="#e3e6eb"/>` +
    `<text x="${left - 4}" y="${y(max * f) + 3}" text-anchor="end">${esc(ms(max * f))}</text>`).join("");
  const labels = `<text x="${left}" y="${height - 6}">${esc(time(points[0].at).slice(11))}</text>` +
    `<text x="${width - right}" y="${height - 6}" text-anchor="end">${esc(time(points[points.length - 1].at).slice(11))}</text>`;
  const legend = series.map(s => `<span><i style="background:${s.color}"></i>${s.key}</span>`).join("");
  return `<svg class="chart" data-testid="${testid}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none">${grid}${lines}${labels}</svg>` +
    `<div class="legend">${legend}</div>`;
}

function counts(map, order) {
  const keys = order.filter(k => map[k]).concat(Object.keys(map).filter(k => !order.includes(k)));
  return keys.length ? `<div class="counts">${keys.map(k => `<span>${badge(k)} <b>${map[k]}</b></span>`).join("")}</div>` : `<span class="muted">none</span>`;
}

// ---------- login ----------

function showLogin(detail) {
  stopTimer();
  sessionStorage.removeItem(KEY);
  state.session = null;
  document.getElementById("who").innerHTML = "";
  main.innerHTML = `<form class="panel login" id="login" data-testid="login">
      <h1>Sign in</h1>
      <p class="muted">This API requires an API key (see docs/api.md). Readers see everything; Operators can also act.</p>
      <label>API key <input type="password" name="key" autocomplete="off" required data-testid="api-key"></label>
      <div class="errors">${esc(detail && sessionStorage.getItem(KEY) ? detail : "")}</div>
      <p><button class="primary" type="submit">Sign in</button></p>
    </form>`;
  document.getElementById("login").addEventListener("submit", async event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, event.target.key.value.trim());
    await start();
  });
}

function signOut() {
  sessionStorage.removeItem(KEY);
  showLogin();
}

// ---------- pages ----------

const pages = {};

pages.overview = {
  title: "Overview",
  render() {
    main.innerHTML = `<h1>Overview <span class="muted" style="font-size:13px;font-weight:400">last <select id="hours" data-testid="hours">
        <option value="1">hour</option><option value="6">6 hours</option><option value="24">24 hours</option><option value="168">7 days</option></select></span></h1>
      <div id="overview" data-testid="overview"></div>`;
    document.getElementById("hours").addEventListener("change", () => this.refresh());
  },
  async refresh() {
    const hours = document.getElementById("hours").value;
    const s = await get(`api/stats${query({ hours })}`);
    const rate = s.successRate === null ? "-" : `${(s.successRate * 100).toFixed(1)}%`;
    const breakers = s.openBreakers.length
      ? `<table><tr><th>Worker</th><th>Job type</th><th>State</th><th>Failures</th><th>Open until</th></tr>${s.openBreakers.map(b =>
        `<tr><td class="mono">${esc(b.worker)}</td><td>${esc(b.jobType)}</td><td>${badge(b.state)}</td><td>${b.failuresInWindow}</td><td>${time(b.openUntil)}</td></tr>`).join("")}</table>`
      : `<span class="muted">All breakers closed.</span>`;
    const queues = s.queuesProblem ? `<span class="muted">${esc(s.queuesProblem)}</span>`
      : `<table data-testid="queues"><tr><th>Queue</th><th>Ready</th><th>Unacked</th><th>Consumers</th></tr>${s.queues.map(q =>
        `<tr><td class="mono">${esc(q.name)}</td><td>${q.ready}</td><td>${q.unacknowledged}</td><td>${q.consumers}</td></tr>`).join("")}</table>`;
    document.getElementById("overview").innerHTML = `
      <div class="grid">
        <div class="panel"><h2>Jobs</h2>${counts(s.jobs, ["Active", "Paused", "Completed", "Cancelled"])}</div>
        <div class="panel"><h2>Runs (scheduled in the window)</h2>${counts(s.runs, ["Running", "Queued", "RetryScheduled", "Succeeded", "DeadLettered", "TimedOut"])}</div>
        <div class="panel"><h2>Success rate</h2><div class="metric" data-testid="success-rate">${rate}</div><span class="muted">of runs that ended</span></div>
        <div class="panel"><h2>Fires</h2><div class="counts" data-testid="fires"><span>${badge("OnTime")} <b>${s.fires.onTime}</b></span>
          <span><span class="state Misfired">late</span> <b>${s.fires.late}</b></span><span>${badge("Missed")} <b>${s.fires.missed}</b></span></div></div>
        <div class="panel"><h2>Workers</h2>${counts(s.workers, ["Up", "Stopping", "Silent"])}</div>
      </div>
      <div class="grid two">
        <div class="panel"><h2>Fire lateness (fired - due)</h2>${lineChart(s.fireLateness, "chart-lateness")}</div>
        <div class="panel"><h2>Start delay (first attempt started - due)</h2>${lineChart(s.startDelay, "chart-start-delay")}</div>
      </div>
      <div class="grid two">
        <div class="panel"><h2>Open breakers</h2>${breakers}</div>
        <div class="panel"><h2>Queue depths</h2>${queues}</div>
      </div>`;
  },
};

function jobActions(job) {
  const id = esc(job.jobId);
  const ended = job.state === "Cancelled";
  return `<div class="actions">${ended ? "" : button("Trigger now", "trigger", `data-job="${id}"`)}` +
    (job.state === "Active" ? button("Pause", "pause", `data-job="${id}"`) : "") +
    (job.state === "Paused" ? button("Resume", "resume", `data-job="${id}"`) : "") +
    (ended ? "" : button("Cancel", "cancel", `data-job="${id}"`, "danger")) + "</div>";
}

function wireJobActions(container, after) {
  container.addEventListener("click", async event => {
    const target = event.target.closest("button[data-action]");
    if (!target || !target.dataset.job) return;
    const action = target.dataset.action;
    if (!["trigger", "pause", "resume", "cancel"].includes(action)) return;
    if (action === "cancel" && !confirm("Cancel this job for good? Its runs in progress are cancelled.")) return;
    target.disabled = true;
    await command(`api/jobs/${target.dataset.job}/${action}`, { reason: `${action} from the dashboard` }, after);
  });
}

pages.jobs = {
  title: "Jobs",
  continuation: null,
  render(params) {
    main.innerHTML = `<h1>Jobs <span class="muted" id="total" data-testid="total"></span></h1>
      <form class="filters" id="filters">
        <label>Search <input name="q" placeholder="id, type or owner" value="${esc(params.get("q"))}" data-testid="search"></label>
        <label>State <select name="state">${["", "Active", "Paused", "Completed", "Cancelled"].map(s => `<option ${params.get("state") === s ? "selected" : ""}>${s}</option>`).join("")}</select></label>
        <label>Type <input name="jobType" value="${esc(params.get("jobType"))}"></label>
        <label>Owner <input name="owner" value="${esc(params.get("owner"))}"></label>
        <label>Tag <input name="tag" placeholder="key:value" value="${esc(params.get("tag"))}"></label>
        <label>Sort <select name="sort">${[["-createdAt", "newest"], ["createdAt", "oldest"], ["nextRunAt", "next run"], ["jobType", "type"], ["state", "state"], ["owner", "owner"], ["-updatedAt", "last changed"]]
          .map(([v, l]) => `<option value="${v}" ${params.get("sort") === v ? "selected" : ""}>${l}</option>`).join("")}</select></label>
        <button type="submit">Filter</button>
        ${canOperate() ? `<button type="button" class="primary" id="new-job" data-testid="new-job">New job</button>` : ""}
      </form>
      <div id="new-job-form"></div>
      <div id="jobs"></div>
      <div class="more"><button id="more" hidden>More</button></div>`;
    const filters = document.getElementById("filters");
    filters.addEventListener("submit", event => {
      event.preventDefault();
      location.hash = `#/jobs${query(Object.fromEntries(new FormData(filters)))}`;
    });
    if (canOperate()) document.getElementById("new-job").addEventListener("click", () => newJobForm(document.getElementById("new-job-form")));
    wireJobActions(document.getElementById("jobs"), () => this.refresh());
    document.getElementById("more").addEventListener("click", () => this.load(true));
    this.params = params;
  },
  refresh() { return this.load(false); },
  async load(more) {
    const p = Object.fromEntries(this.params);
    const page = await get(`api/jobs${query({ ...p, continuation: more ? this.continuation : "" })}`);
    this.continuation = page.continuation;
    document.getElementById("total").textContent = `(${page.total ?? (page.next ? "10,000+" : page.items.length)})`;
    const rows = page.items.map(j => `<tr data-testid="job-row" data-job-id="${esc(j.jobId)}">
        <td class="mono"><a href="#/jobs/${esc(j.jobId)}">${short(j.jobId)}</a></td><td>${esc(j.jobType)}</td><td data-testid="job-state">${badge(j.state)}</td>
        <td>${esc(j.triggerKind)}</td><td>${time(j.nextRunAt)}</td><td>${time(j.lastRun && j.lastRun.finishedAt)}</td>
        <td data-testid="last-outcome">${badge(j.lastRun && j.lastRun.outcome)}</td><td>${j.activeRuns}</td><td>${esc(j.owner ?? "-")}</td><td>${jobActions(j)}</td></tr>`).join("");
    const table = document.getElementById("jobs");
    const head = `<tr><th>Job</th><th>Type</th><th>State</th><th>Trigger</th><th>Next run</th><th>Last run</th><th>Last outcome</th><th>Active</th><th>Owner</th><th></th></tr>`;
    if (more) table.querySelector("tbody").insertAdjacentHTML("beforeend", rows);
    else table.innerHTML = `<table><thead>${head}</thead><tbody>${rows || `<tr><td colspan="10" class="muted">No jobs match.</td></tr>`}</tbody></table>`;
    document.getElementById("more").hidden = !page.continuation;
  },
};

function newJobForm(container) {
  container.innerHTML = `<form class="panel" id="job-form" data-testid="job-form" novalidate>
      <h2>Schedule a job</h2>
      <div class="row">
        <label>Job type <input name="jobType" value="platform.noop" required data-testid="job-type"></label>
        <label>Trigger <select name="kind" data-testid="trigger-kind"><option>Once</option><option>Interval</option><option>Cron</option></select></label>
        <label>Run at (UTC, empty = now) <input name="runAt" placeholder="2030-01-01T09:00:00Z" data-testid="run-at"></label>
        <label>Every <input name="every" placeholder="00:05:00" data-testid="every"></label>
        <label>Cron <input name="cron" placeholder="0 9 * * MON-FRI" data-testid="cron"></label>
        <label>Time zone <input name="timeZone" placeholder="UTC"></label>
        <label>Priority <input name="priority" type="number" min="0" max="9" value="5" data-testid="priority"></label>
        <label>Owner <input name="owner" data-testid="owner"></label>
        <label>Tags <input name="tags" placeholder="team:billing,env:prod" data-testid="tags"></label>
      </div>
      <label>Payload (JSON) <textarea name="payload" style="min-height:60px" data-testid="payload">{}</textarea></label>
      <div id="job-errors"></div>
      <p class="actions"><button class="primary" type="submit" data-testid="schedule">Schedule</button><button type="button" id="job-cancel">Close</button></p>
    </form>`;
  const form = document.getElementById("job-form");
  document.getElementById("job-cancel").addEventListener("click", () => { container.innerHTML = ""; });
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    const errors = document.getElementById("job-errors");
    let payload;
    try { payload = f.payload.trim() ? JSON.parse(f.payload) : null; } catch (e) { showErrors(errors, { title: "The payload is not JSON", detail: e.message }); return; }
    const trigger = { kind: f.kind };
    if (f.kind === "Once") trigger.runAt = f.runAt.trim() || new Date().toISOString();
    if (f.kind === "Interval") trigger.every = f.every.trim();
    if (f.kind === "Cron") trigger.cron = f.cron.trim();
    if (f.timeZone.trim()) trigger.timeZone = f.timeZone.trim();
    const tags = Object.fromEntries(f.tags.split(",").map(t => t.trim()).filter(Boolean).map(t => [t.split(":")[0].trim(), t.split(":").slice(1).join(":").trim()]));
    const job = { jobType: f.jobType.trim(), trigger, priority: Number(f.priority), payload, owner: f.owner.trim() || null, tags: Object.keys(tags).length ? tags : null };
    const answer = await api("POST", "api/jobs", job);
    if (answer.ok) {
      showErrors(errors, null);
      toast(`Job ${answer.body.jobId} sent: the scheduler accepts it in a moment`);
      location.hash = `#/jobs/${answer.body.jobId}`;
    } else {
      showErrors(errors, answer.body);
    }
  });
}

pages.job = {
  title: "Job",
  render(params, id) {
    this.id = id;
    this.cron = null;
    main.innerHTML = `<h1>Job <span class="mono">${esc(id)}</span></h1>
      <div id="job-head" data-testid="job-detail"><p class="muted">Loading... (a job sent a moment ago appears once the scheduler has accepted it)</p></div>
      <div class="grid two">
        <div class="panel"><h2>Schedule</h2><div id="schedule"></div></div>
        <div class="panel"><h2>Definition</h2><div id="definition"></div></div>
      </div>
      ${canOperate() ? `<div class="panel" id="backfill"><h2>Backfill</h2>
        <p class="muted">Run the job's occurrences of a past range (UTC), each as a run with cause <i>backfill</i>, under its overlap policy. Preview first.</p>
        <form class="row" id="backfill-form"><label>From <input name="from" placeholder="2030-01-01T00:00:00Z" data-testid="backfill-from" required></label>
          <label>To <input name="to" placeholder="2030-01-02T00:00:00Z" data-testid="backfill-to" required></label>
          <label>Reason <input name="reason"></label>
          <button type="submit" data-testid="backfill-preview">Preview</button></form>
        <div id="backfill-result"></div></div>` : ""}
      <div class="panel"><h2>Runs</h2><div id="job-runs"></div></div>
      <div class="grid two">
        <div class="panel"><h2>Fire log</h2><div id="job-fires"></div></div>
        <div class="panel"><h2>Audit</h2><div id="job-audit"></div></div>
      </div>`;
    wireJobActions(document.getElementById("job-head"), () => this.refresh());
    if (canOperate()) this.wireBackfill();
  },
  wireBackfill() {
    const form = document.getElementById("backfill-form");
    const result = document.getElementById("backfill-result");
    form.addEventListener("submit", async event => {
      event.preventDefault();
      const f = Object.fromEntries(new FormData(form));
      const body = { from: f.from.trim(), to: f.to.trim(), reason: f.reason.trim() || null, dryRun: true };
      const preview = await api("POST", `api/jobs/${this.id}/backfill`, body);
      if (!preview.ok) { showErrors(result, preview.body); return; }
      const list = preview.body.occurrences.slice(0, 10).map(time).join(", ") + (preview.body.count > 10 ? ", ..." : "");
      result.innerHTML = `<div class="notice" data-testid="backfill-count">${preview.body.count} occurrence(s) will run: ${list}</div>
        <button class="primary" id="backfill-run" data-testid="backfill-run">Run ${preview.body.count} backfill run(s)</button>`;
      document.getElementById("backfill-run").addEventListener("click", async () => {
        const sent = await api("POST", `api/jobs/${this.id}/backfill`, { ...body, dryRun: false });
        if (sent.ok) { result.innerHTML = `<div class="notice">Backfill of ${sent.body.count} occurrence(s) sent.</div>`; toast("Backfill sent"); }
        else showErrors(result, sent.body);
      });
    });
  },
  async refresh() {
    const answer = await api("GET", `api/jobs/${this.id}`);
    if (answer.status === 404) return;
    if (!answer.ok) throw new Error(problemText(answer.body));
    const j = answer.body;
    const d = j.definition || {};
    const t = d.trigger || {};
    document.getElementById("job-head").innerHTML = `<div class="panel"><dl class="fields">
        <dt>State</dt><dd data-testid="job-state">${badge(j.state)}</dd><dt>Type</dt><dd>${esc(j.jobType)}</dd>
        <dt>Version</dt><dd>${j.version}</dd><dt>Owner</dt><dd>${esc(j.owner ?? "-")}</dd>
        <dt>Next run</dt><dd>${time(j.nextRunAt)}</dd><dt>Last outcome</dt><dd data-testid="last-outcome">${badge(j.lastRun && j.lastRun.outcome)} ${time(j.lastRun && j.lastRun.finishedAt)}</dd>
        <dt>Active runs</dt><dd>${j.activeRuns}</dd><dt>Tags</dt><dd>${esc(Object.entries(d.tags || {}).map(([k, v]) => `${k}:${v}`).join(", ") || "-")}</dd>
      </dl><p>${jobActions(j)}</p></div>`;
    const scheduleText = t.kind === "Cron" ? `Cron <span class="mono">${esc(t.cron)}</span> in ${esc(t.timeZone || "UTC")}`
      : t.kind === "Interval" ? `Every ${esc(t.every)}` : t.kind === "Once" ? `Once, at ${time(t.runAt)}` : `On event ${esc(t.eventType)} ${esc(t.eventKey || "")}`;
    if (t.kind === "Cron" && this.cron !== `${t.cron}|${t.timeZone}`) {
      const next = await api("GET", `api/cron/next${query({ expression: t.cron, timeZone: t.timeZone, count: 10 })}`);
      this.cron = `${t.cron}|${t.timeZone}`;
      this.cronHtml = next.ok ? `<p data-testid="cron-words"><b>${esc(next.body.description)}</b></p><p class="muted">Next 10 in ${esc(next.body.timeZone)}:</p>
        <ol data-testid="cron-next">${next.body.occurrences.map(o => `<li class="mono">${esc(o)}</li>`).join("")}</ol>` : "";
    }
    document.getElementById("schedule").innerHTML = `<p>${scheduleText}; overlap ${esc(d.overlap)}, misfire ${esc(d.misfire)}, priority ${esc(d.priority)}</p>${t.kind === "Cron" ? this.cronHtml : ""}`;
    const definition = document.getElementById("definition");
    if (!definition.dataset.version || definition.dataset.version !== String(j.version)) {
      definition.dataset.version = String(j.version);
      definition.innerHTML = canOperate()
        ? `<textarea id="definition-text" data-testid="definition">${esc(JSON.stringify(d, null, 2))}</textarea><div id="definition-errors"></div>
           <p><button class="primary" id="publish" data-testid="publish">Publish as a new version</button></p>`
        : `<pre data-testid="definition">${esc(JSON.stringify(d, null, 2))}</pre>`;
      if (canOperate()) document.getElementById("publish").addEventListener("click", () => this.publish());
    }
    const runs = await get(`api/jobs/${this.id}/runs?limit=20`);
    document.getElementById("job-runs").innerHTML = runTable(runs.items, false);
    const fires = await get(`api/jobs/${this.id}/fires?limit=20`);
    document.getElementById("job-fires").innerHTML = fires.items.length ? `<table><tr><th>Due</th><th>Fired</th><th>Kind</th><th>Late by</th></tr>${fires.items.map(f =>
      `<tr><td>${time(f.scheduledFor)}</td><td>${time(f.firedAt)}</td><td>${badge(f.kind)}</td><td>${ms(new Date(f.firedAt) - new Date(f.scheduledFor))}</td></tr>`).join("")}</table>`
      : `<span class="muted">No fires yet.</span>`;
    const audit = await get(`api/audit?jobId=${this.id}&limit=20`);
    document.getElementById("job-audit").innerHTML = auditTable(audit.items, false);
  },
  async publish() {
    const errors = document.getElementById("definition-errors");
    let definition;
    try { definition = JSON.parse(document.getElementById("definition-text").value); } catch (e) { showErrors(errors, { title: "Not JSON", detail: e.message }); return; }
    definition.jobId = this.id;
    const answer = await api("POST", "api/jobs", definition);
    if (answer.ok) { showErrors(errors, null); toast("New definition sent: it replaces the schedule once the scheduler accepts it"); }
    else showErrors(errors, answer.body);
  },
};

function runTable(items, withJob) {
  if (!items.length) return `<span class="muted">No runs.</span>`;
  return `<table data-testid="runs"><tr><th>Run</th>${withJob ? "<th>Job</th><th>Type</th>" : ""}<th>State</th><th>Cause</th><th>Due</th><th>Attempt</th><th>Next attempt</th>
    <th>Worker</th><th>Progress</th><th>Finished</th><th>Error</th></tr>${items.map(r => `<tr data-testid="run-row" data-run-id="${esc(r.runId)}">
    <td class="mono"><a href="#/runs/${esc(r.runId)}">${short(r.runId)}</a></td>${withJob ? `<td class="mono"><a href="#/jobs/${esc(r.jobId)}">${short(r.jobId)}</a></td><td>${esc(r.jobType)}</td>` : ""}
    <td data-testid="run-state">${badge(r.state)}</td><td>${esc(r.cause)}</td><td>${time(r.scheduledFor)}</td><td>${r.attempt}${r.replay ? ` (replay ${r.replay})` : ""}</td>
    <td>${time(r.nextAttemptAt)}</td><td class="mono">${esc(r.worker ?? "-")}</td><td>${r.progress === null ? "-" : `${r.progress}% ${esc(r.progressMessage ?? "")}`}</td>
    <td>${time(r.finishedAt)}</td><td class="error">${esc(r.error ?? "")}</td></tr>`).join("")}</table>`;
}

function auditTable(items, withJob) {
  if (!items.length) return `<span class="muted">Nothing recorded.</span>`;
  const outcome = a => Array.isArray(a.outcome) ? a.outcome.map(e => `${e.field}: ${e.message}`).join("; ") : a.outcome;
  return `<table data-testid="audit"><tr><th>Received</th><th>Command</th>${withJob ? "<th>Job</th>" : ""}<th>Sender</th><th>Accepted</th><th>Outcome</th></tr>${items.map(a => `<tr>
    <td>${time(a.receivedAt)}</td><td>${esc(a.command)}</td>${withJob ? `<td class="mono">${a.jobId ? `<a href="#/jobs/${esc(a.jobId)}">${short(a.jobId)}</a>` : "-"}</td>` : ""}
    <td>${esc(a.sender ?? "-")}</td><td>${badge(String(a.accepted))}</td><td class="${a.accepted ? "" : "error"}">${esc(outcome(a))}</td></tr>`).join("")}</table>`;
}

pages.runs = {
  title: "Runs",
  render(params) {
    this.params = params;
    main.innerHTML = `<h1>Runs</h1>
      <form class="filters" id="filters">
        <label>State <select name="state">${["", "Running", "Queued", "RetryScheduled", "WaitingForDependencies", "Succeeded", "DeadLettered", "TimedOut", "Cancelled", "Skipped"]
          .map(s => `<option ${params.get("state") === s ? "selected" : ""}>${s}</option>`).join("")}</select></label>
        <label>Type <input name="jobType" value="${esc(params.get("jobType"))}"></label>
        <label>Cause <input name="cause" placeholder="backfill" value="${esc(params.get("cause"))}"></label>
        <label>Job id <input name="jobId" value="${esc(params.get("jobId"))}"></label>
        <label>Due from (UTC) <input name="from" placeholder="2030-01-01T00:00:00Z" value="${esc(params.get("from"))}"></label>
        <label>Due before <input name="to" value="${esc(params.get("to"))}"></label>
        <button type="submit">Filter</button>
      </form><div id="runs"></div><div class="more"><button id="more" hidden>More</button></div>`;
    const filters = document.getElementById("filters");
    filters.addEventListener("submit", event => { event.preventDefault(); location.hash = `#/runs${query(Object.fromEntries(new FormData(filters)))}`; });
    document.getElementById("more").addEventListener("click", () => this.load(true));
  },
  refresh() { return this.load(false); },
  async load(more) {
    const page = await get(`api/runs${query({ ...Object.fromEntries(this.params), limit: 50, continuation: more ? this.continuation : "" })}`);
    this.continuation = page.continuation;
    this.items = more ? (this.items || []).concat(page.items) : page.items;
    document.getElementById("runs").innerHTML = runTable(this.items, true);
    document.getElementById("more").hidden = !page.continuation;
  },
};

pages.run = {
  title: "Run",
  render(params, id) {
    this.id = id;
    main.innerHTML = `<h1>Run <span class="mono">${esc(id)}</span></h1><div id="run" data-testid="run-detail"></div>
      ${canOperate() ? `<div class="panel" id="replay-panel" hidden><h2>Replay</h2>
        <label>Payload for the replay (leave as is to keep it) <textarea id="replay-payload" style="min-height:80px"></textarea></label>
        <p><button class="primary" id="replay" data-testid="replay">Replay this run</button></p><div id="replay-errors"></div></div>` : ""}`;
    if (canOperate()) document.getElementById("replay").addEventListener("click", () => this.replay());
  },
  async refresh() {
    const answer = await api("GET", `api/runs/${this.id}`);
    if (!answer.ok) { document.getElementById("run").innerHTML = `<div class="errors">${esc(problemText(answer.body))}</div>`; return; }
    const r = answer.body;
    this.run = r;
    const step = (cls, what, at, more) => `<li class="${cls}"><b>${esc(what)}</b> <span class="muted">${time(at)}</span>${more ? `<div>${more}</div>` : ""}</li>`;
    const final = { Succeeded: "ok", DeadLettered: "bad", TimedOut: "bad", Cancelled: "bad", Skipped: "wait" }[r.state];
    const steps = [
      step("", "Due", r.scheduledFor, `cause: ${esc(r.cause)}`),
      step("", "Fired", r.firedAt, r.firedAt ? `${ms(new Date(r.firedAt) - new Date(r.scheduledFor))} after due` : ""),
      r.queuedAt ? step("", "Queued for a worker", r.queuedAt, `priority ${r.priority}`) : "",
      r.startedAt ? step("", `Attempt ${r.attempt} started${r.replay ? ` (replay ${r.replay})` : ""}`, r.startedAt, `on ${esc(r.worker ?? "?")}; ${r.attempt > 1 ? `${r.attempt - 1} earlier attempt(s) failed` : "first attempt"}`) : "",
      r.lastHeartbeatAt ? step("", "Last heartbeat", r.lastHeartbeatAt, r.progress === null ? "" : `${r.progress}% ${esc(r.progressMessage ?? "")}`) : "",
      r.nextAttemptAt ? step("wait", "Next attempt due", r.nextAttemptAt, esc(r.error ?? "")) : "",
      r.finishedAt || final ? step(final || "", r.state, r.finishedAt, r.error ? `<span class="error">${esc(r.error)}</span>` : "") : step("wait", r.state, null, ""),
    ].join("");
    const trace = state.session.traceUrl && r.firedAt ? state.session.traceUrl.replaceAll("{runId}", r.runId).replaceAll("{jobId}", r.jobId)
      .replaceAll("{from}", String(new Date(r.scheduledFor).getTime() - 60000)).replaceAll("{to}", String(new Date(r.finishedAt || Date.now()).getTime() + 60000)) : null;
    document.getElementById("run").innerHTML = `<div class="grid two">
        <div class="panel"><h2>Timeline</h2><ol class="timeline" data-testid="timeline">${steps}</ol>
          <p class="muted">The run keeps its last attempt's details; earlier attempts show in the worker's logs and the trace.</p></div>
        <div class="panel"><dl class="fields"><dt>State</dt><dd data-testid="run-state">${badge(r.state)}</dd><dt>Job</dt><dd class="mono"><a href="#/jobs/${esc(r.jobId)}">${esc(r.jobId)}</a> (v${r.jobVersion})</dd>
          <dt>Type</dt><dd>${esc(r.jobType)}</dd><dt>Attempt</dt><dd>${r.attempt}</dd><dt>Worker</dt><dd class="mono">${esc(r.worker ?? "-")}</dd>
          <dt>Heartbeat</dt><dd>${time(r.lastHeartbeatAt)}</dd><dt>Error</dt><dd class="error" data-testid="run-error">${esc(r.error ?? "-")}</dd>
          <dt>Trace</dt><dd>${trace ? `<a href="${esc(trace)}" target="_blank" rel="noopener" data-testid="trace-link">open in Tempo</a>` : `<span class="muted">no trace URL configured</span>`}</dd></dl>
          <h2 style="margin-top:12px">Payload</h2><pre>${esc(JSON.stringify(r.definition && r.definition.payload, null, 2) ?? "null")}</pre></div></div>`;
    const panel = document.getElementById("replay-panel");
    if (panel) {
      const replayable = r.state === "DeadLettered" || r.state === "TimedOut";
      if (replayable && panel.hidden) document.getElementById("replay-payload").value = JSON.stringify(r.definition && r.definition.payload, null, 2) ?? "null";
      panel.hidden = !replayable;
    }
  },
  async replay() {
    const errors = document.getElementById("replay-errors");
    let payload;
    try { payload = JSON.parse(document.getElementById("replay-payload").value || "null"); } catch (e) { showErrors(errors, { title: "Not JSON", detail: e.message }); return; }
    const same = JSON.stringify(payload) === JSON.stringify(this.run.definition && this.run.definition.payload);
    const answer = await command(`api/runs/${this.id}/replay`, same ? { reason: "replayed from the dashboard" } : { reason: "replayed from the dashboard with an edited payload", payload });
    if (!answer.ok) showErrors(errors, answer.body);
  },
};

pages["dead-letters"] = {
  title: "Dead letters",
  render(params) {
    this.params = params;
    this.selected = new Set();
    main.innerHTML = `<div id="dead-letters"><h1>Dead letters <span class="muted" id="total" data-testid="total"></span></h1>
      <form class="filters" id="filters"><label>Type <input name="jobType" value="${esc(params.get("jobType"))}"></label>
        <label>Ended from (UTC) <input name="from" value="${esc(params.get("from"))}"></label><label>Ended before <input name="to" value="${esc(params.get("to"))}"></label>
        <button type="submit">Filter</button></form>
      <div class="panel"><h2>By job type and error</h2><div id="groups"></div></div>
      ${canOperate() ? `<div class="panel" id="bulk"><h2>Replay</h2>
        <label>Replace the payload of the replayed runs (optional, JSON) <textarea id="bulk-payload" style="min-height:50px" placeholder="leave empty to keep each run's payload"></textarea></label>
        <div id="bulk-result"></div></div>` : ""}
      <div class="panel"><h2>Runs</h2><div class="actions" style="margin-bottom:8px">${button("Replay selected", "replay-selected", `data-testid="replay-selected"`)}</div><div id="dead-runs"></div></div></div>`;
    const filters = document.getElementById("filters");
    filters.addEventListener("submit", event => { event.preventDefault(); location.hash = `#/dead-letters${query(Object.fromEntries(new FormData(filters)))}`; });
    const root = document.getElementById("dead-letters");
    root.addEventListener("click", event => this.click(event));
    root.addEventListener("change", event => {
      if (event.target.matches("input[data-select]")) {
        if (event.target.checked) this.selected.add(event.target.dataset.select); else this.selected.delete(event.target.dataset.select);
      }
    });
  },
  async refresh() {
    const p = Object.fromEntries(this.params);
    const groups = await get(`api/dead-letters${query(p)}`);
    document.getElementById("total").textContent = `(${groups.total})`;
    this.groups = groups.items;
    document.getElementById("groups").innerHTML = groups.items.length ? `<table data-testid="dead-letter-groups"><tr><th>Job type</th><th>Error</th><th>Runs</th><th>Last</th><th></th></tr>${groups.items.map((g, i) => `<tr>
      <td>${esc(g.jobType)}</td><td class="error">${esc(g.error ?? "-")}</td><td>${g.count}</td><td>${time(g.lastAt)}</td>
      <td>${button("Replay all matching", "preview-group", `data-group="${i}" data-testid="replay-group"`)}</td></tr>`).join("")}</table>` : `<span class="muted">No dead letters.</span>`;
    const runs = await get(`api/runs${query({ state: "DeadLettered,TimedOut", jobType: p.jobType, limit: 100 })}`);
    document.getElementById("dead-runs").innerHTML = runs.items.length ? `<table data-testid="dead-runs"><tr><th></th><th>Run</th><th>Job</th><th>Type</th><th>State</th><th>Attempt</th><th>Finished</th><th>Error</th><th></th></tr>${runs.items.map(r => `<tr data-testid="dead-run" data-run-id="${esc(r.runId)}">
      <td>${canOperate() ? `<input type="checkbox" data-select="${esc(r.runId)}" ${this.selected.has(r.runId) ? "checked" : ""}>` : ""}</td>
      <td class="mono"><a href="#/runs/${esc(r.runId)}">${short(r.runId)}</a></td><td class="mono"><a href="#/jobs/${esc(r.jobId)}">${short(r.jobId)}</a></td><td>${esc(r.jobType)}</td>
      <td>${badge(r.state)}</td><td>${r.attempt}</td><td>${time(r.finishedAt)}</td><td class="error">${esc(r.error ?? "")}</td>
      <td>${button("Replay", "replay-one", `data-run="${esc(r.runId)}" data-testid="replay-one"`)}</td></tr>`).join("")}</table>` : `<span class="muted">No dead-lettered runs.</span>`;
  },
  payload() {
    const text = document.getElementById("bulk-payload").value.trim();
    return text ? JSON.parse(text) : undefined;
  },
  async click(event) {
    const target = event.target.closest("button[data-action]");
    if (!target) return;
    const result = document.getElementById("bulk-result");
    let payload;
    try { payload = this.payload(); } catch (e) { showErrors(result, { title: "The payload is not JSON", detail: e.message }); return; }
    const action = target.dataset.action;
    let body;
    if (action === "replay-one") body = { runIds: [target.dataset.run] };
    else if (action === "replay-selected") {
      if (!this.selected.size) { toast("Select runs first", true); return; }
      body = { runIds: [...this.selected] };
    } else if (action === "preview-group") {
      const g = this.groups[Number(target.dataset.group)];
      const p = Object.fromEntries(this.params);
      body = { jobType: g.jobType, error: g.error, from: p.from || undefined, to: p.to || undefined };
    } else if (action === "confirm-replay") {
      body = this.pending;
      const sent = await api("POST", "api/dead-letters/replay", { ...body, dryRun: false, expectedCount: body.expectedCount });
      if (sent.ok) { result.innerHTML = `<div class="notice" data-testid="replay-sent">Replayed ${sent.body.count} run(s).</div>`; this.selected.clear(); toast(`Replayed ${sent.body.count} run(s)`); await this.refresh(); }
      else showErrors(result, sent.body);
      return;
    } else return;
    body.reason = "replayed from the dashboard";
    if (payload !== undefined) body.payload = payload;
    const preview = await api("POST", "api/dead-letters/replay", { ...body, dryRun: true });
    if (!preview.ok) { showErrors(result, preview.body); return; }
    this.pending = { ...body, expectedCount: preview.body.count };
    result.innerHTML = `<div class="notice" data-testid="replay-count">${preview.body.count} run(s) will be replayed${payload !== undefined ? " with the payload above" : ""}.</div>
      <button class="primary" data-action="confirm-replay" data-testid="confirm-replay">Replay ${preview.body.count} run(s)</button>`;
    document.getElementById("bulk").scrollIntoView({ block: "nearest" });
  },
};

pages.workers = {
  title: "Workers",
  render() { main.innerHTML = `<h1>Workers</h1><p class="muted">As the workers announce themselves on the bus (the API never calls them).</p><div id="workers"></div>`; },
  async refresh() {
    const workers = await get("api/workers");
    document.getElementById("workers").innerHTML = workers.length ? `<table data-testid="workers"><tr><th>Worker</th><th>Status</th><th>Queue</th><th>Job types</th><th>Slots in use</th>
      <th>Waiting</th><th>Breakers</th><th>Started</th><th>Last heartbeat</th></tr>${workers.map(w => `<tr data-testid="worker-row">
      <td class="mono">${esc(w.worker)}</td><td>${badge(w.status)}</td><td class="mono">${esc(w.queue)}</td><td>${w.jobTypes.map(esc).join(", ")}</td>
      <td>${w.slotsInUse} / ${w.slots}</td><td>${w.runsWaiting}</td><td>${w.breakers.length ? w.breakers.map(b => `${esc(b.jobType)} ${badge(b.state)}`).join("<br>") : "-"}</td>
      <td>${time(w.startedAt)}</td><td>${time(w.lastHeartbeatAt)}</td></tr>`).join("")}</table>` : `<span class="muted">No worker has announced itself yet.</span>`;
  },
};

pages.audit = {
  title: "Audit",
  render(params) {
    this.params = params;
    main.innerHTML = `<h1>Audit</h1>
      <form class="filters" id="filters">
        <label>Command <select name="command">${["", "ScheduleJob", "CancelJob", "PauseJob", "ResumeJob", "TriggerJobNow", "BackfillJob", "ReplayJobRun", "ExternalEvent"]
          .map(c => `<option ${params.get("command") === c ? "selected" : ""}>${c}</option>`).join("")}</select></label>
        <label>Accepted <select name="accepted">${["", "true", "false"].map(c => `<option ${params.get("accepted") === c ? "selected" : ""}>${c}</option>`).join("")}</select></label>
        <label>Sender <input name="sender" placeholder="api:alice" value="${esc(params.get("sender"))}"></label>
        <label>Job id <input name="jobId" value="${esc(params.get("jobId"))}"></label>
        <button type="submit">Filter</button></form><div id="audit"></div><div class="more"><button id="more" hidden>More</button></div>`;
    const filters = document.getElementById("filters");
    filters.addEventListener("submit", event => { event.preventDefault(); location.hash = `#/audit${query(Object.fromEntries(new FormData(filters)))}`; });
    document.getElementById("more").addEventListener("click", () => this.load(true));
  },
  refresh() { return this.load(false); },
  async load(more) {
    const page = await get(`api/audit${query({ ...Object.fromEntries(this.params), limit: 50, continuation: more ? this.continuation : "" })}`);
    this.continuation = page.continuation;
    this.items = more ? (this.items || []).concat(page.items) : page.items;
    document.getElementById("audit").innerHTML = auditTable(this.items, true);
    document.getElementById("more").hidden = !page.continuation;
  },
};

// ---------- router ----------

function stopTimer() { if (state.timer) clearInterval(state.timer); state.timer = null; }

function route() {
  if (!state.session) return;
  stopTimer();
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, search] = hash.split("?");
  const params = new URLSearchParams(search || "");
  const parts = path.split("/").filter(Boolean);
  let page, id;
  if (parts.length === 0) page = "overview";
  else if (parts[0] === "jobs" && parts[1]) { page = "job"; id = decodeURIComponent(parts[1]); }
  else if (parts[0] === "runs" && parts[1]) { page = "run"; id = decodeURIComponent(parts[1]); }
  else page = pages[parts[0]] ? parts[0] : "overview";
  const navPage = { job: "jobs", run: "runs" }[page] || page;
  for (const link of document.querySelectorAll("#nav a[data-page]")) link.classList.toggle("active", link.dataset.page === navPage);
  const current = pages[page];
  state.page = current;
  document.title = `${current.title} - Platform`;
  current.render(params, id);
  const refresh = async () => {
    if (state.page !== current) return;
    try { await current.refresh(); } catch (e) { if (e.message !== "unauthorized") toast(e.message, true); }
  };
  refresh();
  state.timer = setInterval(refresh, Math.max(1, state.session.refreshSeconds) * 1000);
}

async function start() {
  let answer;
  try { answer = await api("GET", "api/me"); } catch { return; }
  if (!answer.ok) { showLogin(problemText(answer.body)); return; }
  state.session = answer.body;
  const s = state.session;
  document.getElementById("who").innerHTML = `<span data-testid="role">${esc(s.user ?? "anonymous")} (${esc(s.keysRequired ? s.role : "open API, no keys")})</span>` +
    (s.keysRequired ? ` <button id="sign-out">Sign out</button>` : "");
  if (s.keysRequired) document.getElementById("sign-out").addEventListener("click", signOut);
  route();
}

window.addEventListener("hashchange", route);
start();
