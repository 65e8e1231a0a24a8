// The ipstream dashboard: the IP list from /api/dashboard/ips, and for the selected IP its history,
// forecast and anomalies from the forecasting API and its live statistics from the topology's API
// (passed on under /api/streams). Polls every few seconds; no framework, no build step. When the
// service requires an API token, the page is opened once as /?token=<token>.
"use strict";

const REFRESH_MS = 5000;
const PAGE_SIZE = 25;
const DAY_MS = 86400000;
const HISTORY_DAYS = 7;
const TOKEN_KEY = "ipstream-api-token";

const state = { q: "", sort: "anomalies", desc: true, offset: 0, total: 0, ip: null, metric: "unq_dst_ip", metrics: [] };
let chart = null;
let refreshing = false;
let refreshAgain = false;

const $ = (id) => document.getElementById(id);

function status(text, isError) {
  const element = $("status");
  element.textContent = text;
  element.classList.toggle("error", Boolean(isError));
}

// A token given in the address (?token=) is kept for this tab only and taken out of the address bar,
// so it is not bookmarked, shared or left in the history; every API call then sends it as a header.
function takeToken() {
  const params = new URLSearchParams(location.search);
  const given = params.get("token");
  if (!given) return;
  sessionStorage.setItem(TOKEN_KEY, given);
  params.delete("token");
  const rest = params.toString();
  history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
}

async function getJson(url) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(url, { headers });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) body.error = "this service needs its API token: open the page once as /?token=<token>";
  return { status: response.status, body };
}

function format(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return (value / 1e6).toFixed(2) + "M";
  if (magnitude >= 1e4) return (value / 1e3).toFixed(1) + "k";
  return magnitude >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("ip")) state.ip = params.get("ip");
  if (params.get("metric")) state.metric = params.get("metric");
}

function writeHash() {
  const params = new URLSearchParams();
  if (state.ip) params.set("ip", state.ip);
  params.set("metric", state.metric);
  history.replaceState(null, "", "#" + params.toString());
}

function fillMetricControls(metrics) {
  if (state.metrics.length || !metrics.length) return;
  state.metrics = metrics;
  const sort = $("sort");
  [["anomalies", "anomalies"], ["count", "records"], ["src_ip", "address"]]
    .concat(metrics.map((m) => [m, "mean " + m]))
    .forEach(([value, label]) => sort.add(new Option(label, value, false, value === state.sort)));
  if (!metrics.includes(state.metric)) {
    state.metric = metrics[0];
    writeHash();
  }
  const metric = $("metric");
  metrics.forEach((m) => metric.add(new Option(m, m, false, m === state.metric)));
}

async function loadList() {
  const params = new URLSearchParams({ q: state.q, sort: state.sort, order: state.desc ? "desc" : "asc", limit: PAGE_SIZE, offset: state.offset });
  const asked = params.toString();
  const { status: code, body } = await getJson("/api/dashboard/ips?" + params);
  const current = new URLSearchParams({ q: state.q, sort: state.sort, order: state.desc ? "desc" : "asc", limit: PAGE_SIZE, offset: state.offset });
  if (asked !== current.toString()) return;
  if (code !== 200) {
    status(body.error || "the IP list is not available (" + code + ")", true);
    return;
  }
  state.total = body.total;
  if (body.ips.length) fillMetricControls(Object.keys(body.ips[0].means));
  const meanMetric = state.metrics.includes(state.sort) ? state.sort : state.metric;
  $("mean-head").textContent = "mean " + meanMetric;
  const rows = body.ips.map((entry) => {
    const badge = document.createElement("span");
    badge.className = entry.anomalies ? "badge" : "badge zero";
    badge.title = Object.entries(entry.anomalies_by_source).map(([source, n]) => source + " " + n).join(", ");
    badge.textContent = entry.anomalies;
    const row = tableRow([entry.src_ip, [entry.count, "num"], [badge, "num"], [format(entry.means[meanMetric]), "num"]]);
    row.dataset.ip = entry.src_ip;
    row.classList.toggle("selected", entry.src_ip === state.ip);
    row.addEventListener("click", () => select(entry.src_ip));
    return row;
  });
  $("ips").tBodies[0].replaceChildren(...rows);
  const last = Math.min(state.offset + PAGE_SIZE, state.total);
  $("page").textContent = state.total ? `${state.offset + 1}–${last} of ${state.total}` : "no IPs yet";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= state.total;
  if (!state.ip && body.ips.length) select(body.ips[0].src_ip);
}

// A row of cells: each a text, a node, or [text or node, class name]. Server text only ever goes in as text.
function tableRow(cells) {
  const row = document.createElement("tr");
  for (const cell of cells) {
    const [content, className] = Array.isArray(cell) ? cell : [cell, ""];
    const td = document.createElement("td");
    if (className) td.className = className;
    if (content instanceof Node) td.append(content); else td.textContent = String(content);
    row.append(td);
  }
  return row;
}

function select(ip) {
  state.ip = ip;
  writeHash();
  for (const row of $("ips").tBodies[0].rows) row.classList.toggle("selected", row.dataset.ip === ip);
  loadDetail().catch(showFailure);
}

function clearDetail() {
  if (chart) chart.setData([[], [], [], [], [], [], []]);
  $("chart").dataset.points = "0";
  $("chart").dataset.forecasts = "0";
  $("alltime").replaceChildren();
  $("windows").tBodies[0].replaceChildren();
  $("anomalies").tBodies[0].replaceChildren();
}

async function loadDetail() {
  const ip = state.ip;
  const metric = state.metric;
  if (!ip) return;
  $("ip-title").textContent = ip;
  const encoded = encodeURIComponent(ip);
  const series = `metric=${encodeURIComponent(metric)}`;
  const stats = await getJson(`/api/streams/api/ips/${encoded}/stats`);
  if (ip !== state.ip || metric !== state.metric) return;
  if (stats.status !== 200) {
    clearDetail();
    status(stats.body.error || `no statistics for ${ip} (${stats.status})`, true);
    return;
  }
  const last = Date.parse(stats.body.last_timestamp);
  const from = new Date(last - HISTORY_DAYS * DAY_MS).toISOString();
  const to = new Date(last + 3 * DAY_MS).toISOString();
  const [history, forecast, anomalies, windows] = await Promise.all([
    getJson(`/api/ips/${encoded}/history?${series}&from=${from}&to=${to}`),
    getJson(`/api/ips/${encoded}/forecast?${series}`),
    getJson(`/api/anomalies?ip=${encoded}&${series}&from=${from}&to=${to}&limit=1000`),
    getJson(`/api/streams/api/ips/${encoded}/windows?window=1d&from=${new Date(last - 7 * DAY_MS).toISOString()}&to=${to}`),
  ]);
  if (ip !== state.ip || metric !== state.metric) return;
  const points = history.status === 200 ? history.body.points : [];
  const steps = forecast.status === 200 ? forecast.body.forecasts : [];
  const found = anomalies.status === 200 ? anomalies.body.anomalies : [];
  drawChart(points, steps, found);
  renderAllTime(stats.body, metric);
  renderWindows(windows.status === 200 ? windows.body.windows : [], metric);
  renderAnomalies(found);
  status(`updated ${new Date().toLocaleTimeString()} · ${points.length} points, ${steps.length} forecast steps`
    + (forecast.status === 404 ? " (no forecast yet)" : ""));
}

function drawChart(points, steps, found) {
  const byTime = new Map();
  const row = (ts) => {
    const t = Date.parse(ts) / 1000;
    // undefined: no value here, lines join across it; null (set for the night and weekend gaps) breaks them.
    if (!byTime.has(t)) byTime.set(t, [t, undefined, undefined, undefined, undefined, undefined, undefined]);
    return byTime.get(t);
  };
  points.forEach((p) => { row(p.ts)[1] = p.value; });
  steps.forEach((s) => { const r = row(s.ts); r[2] = s.yhat; r[3] = s.lower; r[4] = s.upper; });
  found.forEach((a) => { row(a.timestamp)[a.source === "streaming" ? 5 : 6] = a.value; });
  breakLinesAtGaps(points, row);
  const rows = [...byTime.values()].sort((a, b) => a[0] - b[0]);
  const data = [0, 1, 2, 3, 4, 5, 6].map((i) => rows.map((r) => r[i]));
  const element = $("chart");
  element.dataset.points = String(points.length);
  element.dataset.forecasts = String(steps.length);
  if (chart) {
    chart.setData(data);
    return;
  }
  const dot = (color, shape) => ({ show: true, size: 9, fill: color, stroke: color, ...(shape ? { shape } : {}) });
  chart = new uPlot({
    width: element.clientWidth || 800,
    height: 320,
    scales: { x: { time: true } },
    series: [
      {},
      { label: "actual", stroke: "#2f6fde", width: 1.5, spanGaps: false },
      { label: "forecast", stroke: "#f29d38", width: 2, dash: [6, 4] },
      { label: "lower", stroke: "rgba(242,157,56,0.5)", width: 1 },
      { label: "upper", stroke: "rgba(242,157,56,0.5)", width: 1 },
      { label: "streaming anomaly", stroke: "#d6453d", width: 0, paths: () => null, points: dot("#d6453d") },
      { label: "forecast anomaly", stroke: "#9b51e0", width: 0, paths: () => null, points: dot("#9b51e0") },
    ],
    bands: [{ series: [4, 3], fill: "rgba(242,157,56,0.18)" }],
    axes: [{}, { values: (u, ticks) => ticks.map(format) }],
  }, data, element);
}

// Nights and weekends without data must not be drawn as a line from the evening to the next morning:
// a null just after each gap longer than twice the usual step breaks the line there.
function breakLinesAtGaps(points, row) {
  const times = points.map((p) => Date.parse(p.ts));
  const steps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  if (!steps.length) return;
  const usual = steps[Math.floor(steps.length / 2)];
  for (let i = 1; i < times.length; i++) {
    if (times[i] - times[i - 1] > 2 * usual) row(new Date(times[i - 1] + usual).toISOString())[1] = null;
  }
}

function renderAllTime(stats, metric) {
  const m = stats.metrics[metric] || {};
  const items = [["records", stats.count], ["first", stats.first_timestamp], ["last", stats.last_timestamp],
    ["mean", format(m.mean)], ["min", format(m.min)], ["max", format(m.max)], ["std dev", format(Math.sqrt(m.variance))]];
  $("alltime").replaceChildren(...items.flatMap(([k, v]) => {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    return [dt, dd];
  }));
}

function renderWindows(windows, metric) {
  const rows = windows.slice(-7).reverse().map((w) =>
    tableRow([w.window_start.slice(0, 10), [w.stats.count, "num"], [format(w.stats.metrics[metric]?.mean), "num"]]));
  $("windows").tBodies[0].replaceChildren(...rows);
}

function renderAnomalies(found) {
  const rows = found.slice(-50).reverse().map((a) => tableRow([a.timestamp, [a.source, a.source === "forecast" ? "source-forecast" : "source-streaming"],
    [format(a.value), "num"], [format(a.expected), "num"], [a.score.toFixed(1), "num"]]));
  $("anomalies").tBodies[0].replaceChildren(...rows);
}

// One refresh at a time; a change asked for meanwhile runs right after, rather than being lost.
async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    do {
      refreshAgain = false;
      await loadList();
      await loadDetail();
    } while (refreshAgain);
  } catch (e) {
    status("cannot reach the service: " + e.message, true);
  } finally {
    refreshing = false;
  }
}

function showFailure(e) {
  status("cannot reach the service: " + e.message, true);
}

function wire() {
  let typing;
  $("search").addEventListener("input", (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = e.target.value; state.offset = 0; refresh(); }, 250);
  });
  $("sort").addEventListener("change", (e) => { state.sort = e.target.value; state.offset = 0; refresh(); });
  $("order").addEventListener("click", () => {
    state.desc = !state.desc;
    $("order").innerHTML = state.desc ? "&#8595;" : "&#8593;";
    refresh();
  });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); refresh(); });
  $("next").addEventListener("click", () => { state.offset += PAGE_SIZE; refresh(); });
  $("metric").addEventListener("change", (e) => { state.metric = e.target.value; writeHash(); refresh(); });
  window.addEventListener("resize", () => { if (chart) chart.setSize({ width: $("chart").clientWidth, height: 320 }); });
}

takeToken();
readHash();
wire();
refresh();
setInterval(refresh, REFRESH_MS);
