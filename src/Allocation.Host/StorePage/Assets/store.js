// The store-staff page: a client of the same /api/v1 the integrations use (docs/store-operations.md). It keeps no
// server state; the API decides who may do what. Built with the DOM API only (never innerHTML with data), so an
// order id or a problem text can never become markup.
"use strict";

(() => {
  const KeyStorage = "allocation.apiKey";
  const StoreStorage = "allocation.storeId";
  const SoonMinutes = 60; // "due within the hour": amber.
  const DeadlineRepaintMilliseconds = 30_000; // colours follow the clock without a fetch.
  const RefreshMilliseconds = 60_000; // other staff and the solver change the lists too.
  const OrderStates = ["Paid", "Picking", "InTransit", "Ready"];
  const ScanIntervalMilliseconds = 200; // how often a camera frame is looked at for the customer's QR code.
  const ScanTimeoutMilliseconds = 30_000; // the camera closes by itself if no code shows up.
  const PickupCodePattern = /^\d{6}$/; // what the QR code of a pickup code holds (OrderLimits.PickupCodeDigits).
  const StateLabels = { Paid: "Waiting", Picking: "Picking", InTransit: "In transit", Ready: "Ready", Collected: "Collected", Cancelled: "Cancelled", Expired: "Expired" };

  const view = {
    me: null,          // GET /api/v1/me once authentication exists; null before.
    storeId: null,
    storeName: "",
    messages: new Map(), // row key -> {problem} or {outcome}: survives the re-render after an action.
    busy: false,
    scanning: false,   // the camera is open for a pickup code: no periodic re-render under it.
    refreshes: 0,      // refreshes begun: only the newest one may render (an older answer may arrive last).
  };

  // Product names from the catalogue (GET /api/v1/skus/{sku}), read once per SKU: "" when the catalogue has none.
  const productNames = new Map();

  // Same requestId for a retry of the same action and body, so a tap repeated after a lost answer is applied once.
  const pendingRequestIds = new Map();

  const $ = (id) => document.getElementById(id);

  // ---- calling the API -------------------------------------------------------------------------------------

  class AuthenticationRefused extends Error {
    constructor(status, problem) {
      super(problem?.detail || problem?.title || `refused (${status})`);
      this.status = status;
    }
  }

  function newRequestId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes); // randomUUID needs a secure context; a store PC may reach the host over http.
    return "page-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function requestIdFor(actionKey, body) {
    const key = actionKey + " " + JSON.stringify(body);
    if (!pendingRequestIds.has(key)) {
      pendingRequestIds.set(key, newRequestId());
    }
    return { key, requestId: pendingRequestIds.get(key) };
  }

  async function api(method, path, body, { authFailureSignsOut = true } = {}) {
    const headers = { Accept: "application/json, application/problem+json" };
    const apiKey = sessionStorage.getItem(KeyStorage);
    if (apiKey) {
      headers["X-Api-Key"] = apiKey;
    }
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { title: `Unexpected answer (${response.status})`, detail: text.slice(0, 200) };
    }
    if ((response.status === 401 || response.status === 403) && authFailureSignsOut) {
      throw new AuthenticationRefused(response.status, data);
    }
    return { ok: response.ok, status: response.status, data };
  }

  // A store action: POST with a requestId; the answer or the problem comes back, never an exception for a 4xx.
  async function act(actionKey, path, fields) {
    const { key, requestId } = requestIdFor(actionKey, fields);
    const result = await api("POST", path, { requestId, ...fields });
    if (result.status < 500) {
      pendingRequestIds.delete(key); // a definitive answer: a new tap is a new request.
    }
    return result;
  }

  const storePath = (suffix) => `/api/v1/stores/${encodeURIComponent(view.storeId)}${suffix}`;
  const orderPath = (orderId, action) => storePath(`/orders/${encodeURIComponent(orderId)}/${action}`);

  // ---- small DOM helpers -----------------------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return node;
  }

  function show(sectionId) {
    for (const id of ["sign-in", "choose-store", "work"]) {
      $(id).hidden = id !== sectionId;
    }
    const signedIn = Boolean(sessionStorage.getItem(KeyStorage));
    $("sign-out").hidden = false;
    $("sign-out").textContent = signedIn ? "Sign out" : "Sign in";
    $("change-store").hidden = sectionId !== "work" || (view.me?.storeIds?.length === 1);
    $("refresh").hidden = sectionId !== "work";
    $("current-store").textContent = sectionId === "work" ? `${view.storeId}${view.storeName ? " · " + view.storeName : ""}` : "";
  }

  function notice(text, kind = "problem") {
    const node = $("notice");
    node.textContent = text || "";
    node.hidden = !text;
    node.classList.toggle("info", kind === "info");
  }

  // ---- problems next to the control that caused them -------------------------------------------------------

  function problemText(problem, status) {
    if (!problem) return `The request failed (${status}).`;
    const parts = [problem.title, problem.detail].filter(Boolean);
    let text = parts.length ? parts.join(": ") : `The request failed (${status}).`;
    if (typeof problem.attemptsRemaining === "number") {
      text += problem.attemptsRemaining > 0
        ? ` ${problem.attemptsRemaining} ${problem.attemptsRemaining === 1 ? "try" : "tries"} left.`
        : " No tries left: the code is locked.";
    }
    return text;
  }

  // Field errors go beside the input of that name inside the container; anything else to its general line.
  function showProblem(container, problem, status) {
    clearProblems(container);
    const general = container.querySelector("[data-problem-for='general']") ?? container.querySelector(".problem");
    const errors = problem?.errors ?? {};
    const unplaced = [];
    for (const [field, messages] of Object.entries(errors)) {
      const text = `${field} ${[].concat(messages).join("; ")}`;
      const slot = container.querySelector(`[data-problem-for="${CSS.escape(field)}"]`);
      const input = container.querySelector(`[name="${CSS.escape(field)}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
      if (slot) slot.textContent = text;
      else unplaced.push(text);
    }
    const summary = Object.keys(errors).length ? unplaced.join(" ") : problemText(problem, status);
    if (general && summary) general.textContent = Object.keys(errors).length ? `${problem.title ?? "Not valid"}. ${summary}` : summary;
  }

  function clearProblems(container) {
    for (const slot of container.querySelectorAll(".problem")) slot.textContent = "";
    for (const input of container.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  // ---- deadlines -------------------------------------------------------------------------------------------

  function formatTime(iso) {
    const date = new Date(iso);
    const now = new Date();
    const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (date.toDateString() === now.toDateString()) return time;
    // Within the week the weekday is enough ("Wed 03:00"); a collect-by a week out needs its date.
    const withinWeek = Math.abs(date.getTime() - now.getTime()) < 6 * 24 * 3_600_000;
    return `${date.toLocaleDateString([], withinWeek ? { weekday: "short" } : { weekday: "short", day: "numeric", month: "short" })} ${time}`;
  }

  function deadlineOf(iso) {
    const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
    if (minutes <= 0) return { kind: "late", text: minutes === 0 ? "late now" : `late ${formatDuration(-minutes)}` };
    if (minutes <= SoonMinutes) return { kind: "soon", text: `due in ${minutes} min` };
    return { kind: "later", text: `by ${formatTime(iso)}` };
  }

  const formatDuration = (minutes) => (minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h`);

  function deadlineBadge(iso, prefix = "ready") {
    if (!iso) return null;
    const badge = el("span", { class: "deadline", "data-ready-by": iso, "data-prefix": prefix, title: `${prefix} by ${new Date(iso).toLocaleString()}` });
    paintDeadline(badge);
    return badge;
  }

  function paintDeadline(badge) {
    const deadline = deadlineOf(badge.dataset.readyBy);
    badge.className = `deadline ${deadline.kind}`;
    badge.dataset.deadline = deadline.kind;
    badge.textContent = `${badge.dataset.prefix} ${deadline.text}`;
    badge.closest(".row[data-deadline-row]")?.classList.remove("late", "soon", "later");
    badge.closest(".row[data-deadline-row]")?.classList.add(deadline.kind);
  }

  const repaintDeadlines = () => document.querySelectorAll(".deadline[data-ready-by]").forEach(paintDeadline);

  // ---- rows ------------------------------------------------------------------------------------------------

  // A row with a key: its last outcome or problem is shown again after the lists are re-read.
  function row(key, { deadline, done, testId }, main, actions, extra = []) {
    const messages = el("div", { class: "row-messages" },
      el("p", { class: "problem", "data-problem-for": "general", role: "alert" }),
      el("p", { class: "outcome", role: "status" }));
    const node = el("li", { class: `row${done ? " done" : ""}`, "data-key": key, "data-testid": testId, "data-deadline-row": deadline ? "" : undefined },
      el("div", { class: "row-main" }, main),
      el("div", { class: "row-actions" }, actions),
      extra,
      messages);
    const message = view.messages.get(key);
    if (message?.problem !== undefined) showProblem(node, message.problem, message.status);
    if (message?.outcome) node.querySelector(".outcome").textContent = message.outcome;
    node.querySelectorAll(".deadline[data-ready-by]").forEach(paintDeadline); // the row's edge takes the badge's colour.
    return node;
  }

  // Runs an action for a row: the button is disabled while it runs; the outcome or problem stays with the row.
  async function runAction(key, button, action) {
    if (view.busy) return;
    view.busy = true;
    button.disabled = true;
    const node = button.closest("[data-key]") ?? button.closest(".panel");
    view.messages.delete(key);
    try {
      const result = await action();
      if (result.ok) {
        view.messages.set(key, { outcome: result.outcome });
      } else {
        view.messages.set(key, { problem: result.data, status: result.status });
        if (node) showProblem(node, result.data, result.status);
      }
    } catch (error) {
      if (error instanceof AuthenticationRefused) {
        signInAgain(error);
        return;
      }
      view.messages.set(key, { problem: { title: "No answer from the service", detail: "Check the connection and tap again (the same tap is never applied twice)." }, status: 0 });
      if (node) showProblem(node, view.messages.get(key).problem, 0);
    } finally {
      view.busy = false;
      button.disabled = false;
    }
    await refresh();
    // The row may have left its list (a wave's last pick, a handover): say what happened at the top instead.
    const outcome = view.messages.get(key)?.outcome;
    if (outcome && !document.querySelector(`[data-key="${CSS.escape(key)}"]`)) notice(outcome, "info");
  }

  // "Blue mug (SKU-1)": the name a picker looks for on the shelf, and the code on its label.
  const productText = (sku) => (productNames.get(sku) ? `${productNames.get(sku)} (${sku})` : sku);

  const lineWhat = (line) => `${line.quantity} × ${productText(line.sku)}`;

  async function loadProductNames(skus) {
    const unknown = [...new Set(skus)].filter((sku) => sku && !productNames.has(sku));
    await Promise.all(unknown.map(async (sku) => {
      try {
        const answer = await api("GET", `/api/v1/skus/${encodeURIComponent(sku)}`, undefined, { authFailureSignsOut: false });
        if (answer.ok) productNames.set(sku, answer.data?.name ?? "");
        else if (answer.status === 404) productNames.set(sku, "");
        // Anything else (no answer, 5xx): the code alone this time, asked again at the next refresh.
      } catch {
        // Offline: the code alone this time.
      }
    }));
  }

  const plural = (count, word) => `${count ?? "?"} ${word}${count === 1 ? "" : "s"}`;

  const sizeText = (summary) => `${plural(summary.lines, "line")}, ${plural(summary.units, "unit")}`;

  function pickRow(line, inWave) {
    const key = `pick:${line.orderId}:${line.sku}`;
    const done = line.state !== "Committed";
    const main = [
      el("div", { class: "row-what" }, lineWhat(line)),
      el("div", { class: "row-detail" }, `order ${line.orderId} · pickup ${line.pickupStoreId}`, line.pickHour ? ` · pick hour ${formatTime(line.pickHour)}` : ""),
      el("div", {}, deadlineBadge(line.readyBy), done ? [" ", el("span", { class: "state" }, line.state)] : null),
    ];
    if (!inWave || done) {
      return row(key, { deadline: !done, done, testId: "pick-line" }, main, []);
    }
    const found = el("input", { name: "quantityFound", type: "number", inputmode: "numeric", min: "0", max: String(line.quantity), value: String(Math.max(0, line.quantity - 1)), "aria-label": `Units found of ${line.sku} for ${line.orderId}` });
    const shortForm = el("div", { class: "row-wide", hidden: true },
      el("label", {}, "Found ", found),
      el("button", { type: "button", class: "warn", onclick: (event) => runAction(key, event.currentTarget, () => confirmPick(line, Number(found.value === "" ? NaN : found.value))) }, "Report short"),
      el("p", { class: "problem", "data-problem-for": "quantityFound", role: "alert" }));
    const actions = [
      el("button", { type: "button", class: "primary", onclick: (event) => runAction(key, event.currentTarget, () => confirmPick(line, line.quantity)) }, `Picked ${line.quantity}`),
      el("button", { type: "button", class: "warn", "aria-expanded": "false", onclick: (event) => { shortForm.hidden = !shortForm.hidden; event.currentTarget.setAttribute("aria-expanded", String(!shortForm.hidden)); if (!shortForm.hidden) found.focus(); } }, "Short…"),
    ];
    if (view.messages.get(key)?.problem) shortForm.hidden = false; // a refused short pick stays open to correct.
    return row(key, { deadline: true, testId: "pick-line" }, main, actions, [shortForm]);
  }

  async function confirmPick(line, quantityFound) {
    const result = await act(`pick:${line.orderId}:${line.sku}`, orderPath(line.orderId, "picks"), { sku: line.sku, quantityFound: Number.isFinite(quantityFound) ? quantityFound : null });
    return result.ok ? { ...result, outcome: pickOutcomeText(result.data, line) } : result;
  }

  function pickOutcomeText(answer, line) {
    const short = answer.shortQuantity ?? 0;
    switch (answer.outcome) {
      case "Picked":
        return `Picked ${lineWhat(line)} for ${line.orderId}.`;
      case "ShortReallocated": {
        const sources = (answer.reallocatedLines ?? []).map((moved) => `${moved.quantity} × ${productText(moved.sku)} from ${moved.storeId ?? moved.sourceStoreId}`).join(", ");
        return `Short by ${short}: re-allocated ${sources || "to another store"}; still in time.`;
      }
      case "ShortLate": {
        const sources = (answer.reallocatedLines ?? []).map((moved) => `${moved.quantity} × ${productText(moved.sku)} from ${moved.storeId ?? moved.sourceStoreId}`).join(", ");
        const when = answer.earliestReadyAt ? `, ready at the earliest ${formatTime(answer.earliestReadyAt)}` : "";
        return `Short by ${short}: ${sources ? `re-allocated ${sources}, but ` : ""}no store makes the deadline: order ${line.orderId} is late${when}.`;
      }
      case "ShortPartial":
        return `Short by ${short}: order ${line.orderId} goes on with what was found (partial).`;
      default:
        return `Recorded (${answer.outcome ?? "done"}).`;
    }
  }

  // ---- sections --------------------------------------------------------------------------------------------

  function renderPickList(pickList) {
    const waves = $("waves");
    const blocks = [];
    for (const wave of pickList.waves ?? []) {
      const open = (wave.lines ?? []).filter((line) => line.state === "Committed").length;
      blocks.push(el("section", { class: "wave", "data-testid": "wave", "data-wave-id": wave.waveId },
        el("div", { class: "wave-title" }, el("h3", {}, `Wave ${wave.waveId}`), el("span", { class: "row-detail" }, `${plural(wave.orderIds?.length ?? 0, "order")} · ${plural(open, "line")} to pick · started ${formatTime(wave.startedAt)}`)),
        el("ul", { class: "rows" }, bySku(wave.lines ?? []).map(([sku, lines]) => skuGroup(sku, lines)))));
    }
    const unassigned = pickList.unassigned ?? [];
    blocks.push(el("section", { class: "wave", "data-testid": "unassigned" },
      el("div", { class: "wave-title" }, el("h3", {}, "Next up"), el("span", { class: "row-detail" }, `${plural(unassigned.length, "line")}, not in a wave yet (at most ${pickList.waveOrdersMax ?? "?"} orders per wave)`)),
      unassigned.length ? el("ul", { class: "rows" }, unassigned.map((line) => pickRow(line, false))) : el("p", { class: "empty" }, "Nothing waiting to be picked.")));
    waves.replaceChildren(...blocks);
    $("start-wave").disabled = unassigned.length === 0;
  }

  // A wave's lines per product, in pick-list order of each product's first line: the picker takes each product once
  // (the units of all its open lines) and sorts them to the orders below it.
  function bySku(lines) {
    const groups = new Map();
    for (const line of lines) {
      if (!groups.has(line.sku)) groups.set(line.sku, []);
      groups.get(line.sku).push(line);
    }
    return [...groups.entries()];
  }

  function skuGroup(sku, lines) {
    const open = lines.filter((line) => line.state === "Committed");
    const units = open.reduce((sum, line) => sum + line.quantity, 0);
    const take = open.length ? `take ${plural(units, "unit")} for ${plural(open.length, "order")}` : "all picked";
    return el("li", { class: "sku-group", "data-testid": "sku-group", "data-sku": sku },
      el("div", { class: "sku-head" }, el("b", { class: "product" }, productText(sku)), el("span", { class: "row-detail" }, take)),
      el("ul", { class: "rows" }, lines.map((line) => pickRow(line, true))));
  }

  // Transfer lines grouped per order: dispatch and receive act on an order's lines at this store together.
  function byOrder(lines) {
    const orders = new Map();
    for (const line of lines) {
      if (!orders.has(line.orderId)) orders.set(line.orderId, []);
      orders.get(line.orderId).push(line);
    }
    return [...orders.entries()];
  }

  function renderTransfers(transfers) {
    const outbound = byOrder(transfers.outbound ?? []).map(([orderId, lines]) => transferRow("dispatch", orderId, lines, `to ${lines[0].toStoreId}`, "Dispatch"));
    const inbound = byOrder(transfers.inbound ?? []).map(([orderId, lines]) => transferRow("receive", orderId, lines, `from ${[...new Set(lines.map((line) => line.fromStoreId))].join(", ")}`, "Received"));
    $("outbound").replaceChildren(...(outbound.length ? outbound : [el("li", { class: "empty" }, "Nothing to send.")]));
    $("inbound").replaceChildren(...(inbound.length ? inbound : [el("li", { class: "empty" }, "Nothing on the way.")]));
  }

  function transferRow(action, orderId, lines, where, label) {
    const key = `${action}:${orderId}`;
    const main = [
      el("div", { class: "row-what" }, `order ${orderId} ${where}`),
      el("div", { class: "row-detail" }, lines.map(lineWhat).join(", ")),
      el("div", {}, deadlineBadge(lines[0].readyBy)),
    ];
    const button = el("button", { type: "button", class: "primary", onclick: (event) => runAction(key, event.currentTarget, async () => {
      const result = await act(key, orderPath(orderId, action), {});
      return result.ok ? { ...result, outcome: `Order ${orderId}: ${StateLabels[result.data?.state] ?? result.data?.state}.` } : result;
    }) }, label);
    return row(key, { deadline: true, testId: `${action}-order` }, main, [button]);
  }

  function renderCounts(orders, pickList) {
    const counts = orders.counts ?? {};
    const pickLines = [...(pickList.waves ?? []).flatMap((wave) => wave.lines ?? []), ...(pickList.unassigned ?? [])].filter((line) => line.state === "Committed");
    const lateOrders = new Set([
      ...pickLines.filter((line) => deadlineOf(line.readyBy).kind === "late").map((line) => line.orderId),
      ...(orders.orders ?? []).filter((order) => order.late || (order.state !== "Ready" && order.readyBy && deadlineOf(order.readyBy).kind === "late")).map((order) => order.orderId),
    ]);
    const chip = (label, value, extra = "") => el("span", { class: `count${extra}`, "data-testid": `count-${label.toLowerCase().replace(/\s+/g, "-")}` }, el("b", {}, String(value)), label);
    $("counts").replaceChildren(
      chip("Lines to pick", pickLines.length),
      ...OrderStates.map((state) => chip(StateLabels[state], counts[state] ?? 0)),
      chip("Late", lateOrders.size, lateOrders.size ? " late" : ""));
  }

  // Orders picking for pickup here: "mark ready" once every line is picked here or has arrived.
  function renderPicked(details, waitingHere) {
    // An order none of whose lines is picked yet is on the pick list already; listing it here too is noise. Without
    // the order's lines (a credential that may not read orders), what this store still has to pick or receive decides.
    const started = details.filter(({ summary, order }) =>
      order === null ? !waitingHere.has(summary.orderId) : order.lines.some((line) => line.state !== "Committed"));
    const rows = started.map(({ summary, order }) => {
      const key = `ready:${summary.orderId}`;
      const lines = order?.lines ?? [];
      const waiting = lines.filter((line) => !readyLine(line, order.pickupStoreId));
      const main = [
        el("div", { class: "row-what" }, `order ${summary.orderId}`),
        el("div", { class: "row-detail" }, order ? lines.map((line) => orderLineText(line, order.pickupStoreId)).join(", ") : sizeText(summary)),
        el("div", {}, deadlineBadge(summary.readyBy), summary.late ? [" ", el("span", { class: "state" }, "late")] : null),
      ];
      const blocked = order !== null && (waiting.length > 0 || lines.length === 0);
      const button = el("button", { type: "button", class: "primary", disabled: blocked, title: blocked ? "Some lines are not picked here or not arrived yet" : undefined, onclick: (event) => runAction(key, event.currentTarget, async () => {
        const result = await act(key, orderPath(summary.orderId, "ready"), {});
        return result.ok ? { ...result, outcome: `Order ${summary.orderId} is ready for collection${result.data?.collectBy ? ` until ${formatTime(result.data.collectBy)}` : ""}.` } : result;
      }) }, "Mark ready");
      const cancel = cancelControls(key, summary.orderId);
      return row(key, { deadline: true, testId: "picked-order" }, main, [button, cancel.toggle], [cancel.form]);
    });
    $("picked-orders").replaceChildren(...(rows.length ? rows : [el("li", { class: "empty" }, "Nothing picked here waiting to be marked ready.")]));
  }

  // "Cancel…" opens a reason field (the API requires one); the units return to where they are.
  function cancelControls(key, orderId) {
    const reason = el("input", { name: "reason", type: "text", maxlength: "200", "aria-label": `Reason to cancel ${orderId}` });
    const form = el("form", { class: "row-wide", hidden: !view.messages.get(key)?.problem?.errors?.reason, novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      runAction(key, form.querySelector("button"), async () => {
        const result = await act(`cancel:${orderId}`, orderPath(orderId, "cancel"), { reason: reason.value.trim() });
        return result.ok ? { ...result, outcome: `Order ${orderId} cancelled; its units return to stock.` } : result;
      });
    } },
      el("label", {}, "Reason ", reason),
      el("button", { type: "submit", class: "warn" }, "Cancel order"),
      el("p", { class: "problem", "data-problem-for": "reason", role: "alert" }));
    const toggle = el("button", { type: "button", class: "warn", onclick: () => { form.hidden = !form.hidden; if (!form.hidden) reason.focus(); } }, "Cancel…");
    return { toggle, form };
  }

  // "1 of 2 × SKU-1 AtPickupStore (1 short)", "1 × SKU-1 Committed at S002": where each line of the order stands.
  function orderLineText(line, pickupStoreId) {
    const found = line.writtenOff ? `${line.quantity - line.writtenOff} of ${line.quantity}` : `${line.quantity}`;
    const where = line.sourceStoreId !== pickupStoreId ? ` at ${line.sourceStoreId}` : "";
    return `${found} × ${productText(line.sku)} ${line.state}${where}${line.writtenOff ? ` (${line.writtenOff} short)` : ""}`;
  }

  const readyLine = (line, pickupStoreId) =>
    line.state === "AtPickupStore" || line.state === "WrittenOff" || line.state === "Returned" || (line.state === "Picked" && line.sourceStoreId === pickupStoreId);

  function renderHandover(orders) {
    const rows = orders.map((order) => {
      const key = `collect:${order.orderId}`;
      const code = el("input", { name: "pickupCode", class: "code", inputmode: "numeric", autocomplete: "off", "aria-label": `Pickup code for ${order.orderId}` });
      const handOver = (event) => {
        event.preventDefault();
        runAction(key, form.querySelector("button"), async () => {
          const result = await act(`${key}:${code.value}`, orderPath(order.orderId, "collect"), { pickupCode: code.value });
          return result.ok ? { ...result, outcome: `Order ${order.orderId} handed over.` } : result;
        });
      };
      const camera = el("div", { class: "scanner", "data-testid": "scanner" });
      const canScan = scanSupported();
      const scan = el("button", { type: "button", class: "quiet", hidden: !canScan, disabled: !canScan, title: canScan ? "Scan the QR code on the customer's phone" : undefined,
        onclick: () => scanInto(code, form, camera) }, "Scan code");
      const form = el("form", { class: "row-wide", novalidate: true, onsubmit: handOver },
        el("label", {}, "Code ", code),
        scan,
        el("button", { type: "submit", class: "primary" }, "Hand over"),
        camera,
        el("p", { class: "problem", "data-problem-for": "pickupCode", role: "alert" }));
      const main = [
        el("div", { class: "row-what" }, `order ${order.orderId}`),
        el("div", { class: "row-detail" }, sizeText(order), order.collectBy ? ` · collect by ${formatTime(order.collectBy)}` : ""),
      ];
      const cancel = cancelControls(key, order.orderId);
      return row(key, { testId: "ready-order" }, main, [cancel.toggle], [form, cancel.form]);
    });
    $("ready-orders").replaceChildren(...(rows.length ? rows : [el("li", { class: "empty" }, "No order waiting for collection.")]));
  }

  // ---- scanning the customer's QR code ---------------------------------------------------------------------

  // The camera scan needs the browser's BarcodeDetector (Chromium on Android, ChromeOS, macOS) and a camera; without
  // either the code is typed.
  const scanSupported = () => typeof window.BarcodeDetector === "function" && typeof navigator.mediaDevices?.getUserMedia === "function";

  const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

  // Opens the camera in the row, looks for a QR code holding a pickup code, puts it into the code field and submits
  // the handover: the same request as typing it. Closes the camera on a code, on "Stop", or after the timeout.
  async function scanInto(code, form, camera) {
    if (view.scanning) return;
    const problem = form.querySelector("[data-problem-for='pickupCode']");
    problem.textContent = "";
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      problem.textContent = `The camera is not available (${error?.name ?? "refused"}): type the code.`;
      return;
    }
    view.scanning = true;
    let stopped = false;
    const video = el("video", { muted: true, playsinline: true, "aria-label": "Camera: hold the customer's QR code in view" });
    video.muted = true;
    video.srcObject = stream;
    camera.replaceChildren(video, el("button", { type: "button", class: "quiet", onclick: () => { stopped = true; } }, "Stop"));
    video.play().catch(() => {});
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      const deadline = Date.now() + ScanTimeoutMilliseconds;
      while (!stopped && Date.now() < deadline) {
        const found = await detector.detect(video).catch(() => []);
        const value = found.map((barcode) => String(barcode.rawValue ?? "").trim()).find((raw) => PickupCodePattern.test(raw));
        if (value) {
          code.value = value;
          form.requestSubmit();
          return;
        }
        await pause(ScanIntervalMilliseconds);
      }
      if (!stopped) problem.textContent = "No pickup code seen: scan again or type the code.";
    } finally {
      stream.getTracks().forEach((track) => track.stop());
      camera.replaceChildren();
      view.scanning = false;
    }
  }

  // ---- loading ---------------------------------------------------------------------------------------------

  async function loadJson(path) {
    const result = await api("GET", path);
    if (!result.ok) throw Object.assign(new Error(problemText(result.data, result.status)), { problem: result.data });
    return result.data;
  }

  // Like Promise.all, but a refused credential wins over any other failure: it decides where the page goes.
  async function allOrRefusal(promises) {
    const settled = await Promise.allSettled(promises);
    const failures = settled.filter((result) => result.status === "rejected").map((result) => result.reason);
    if (failures.length) throw failures.find((reason) => reason instanceof AuthenticationRefused) ?? failures[0];
    return settled.map((result) => result.value);
  }

  // What staff were typing into a row (a reason, a pickup code, a found quantity) and which of its forms were open: a
  // re-render (after their own action, or another's) rebuilds the rows, and must not take the text from under them.
  function whatStaffAreTyping() {
    const rowKey = (node) => node.closest("[data-key]")?.dataset.key;
    const typed = [...document.querySelectorAll("[data-key] input")]
      .filter((input) => input.value !== input.defaultValue)
      .map((input) => ({ key: rowKey(input), name: input.name, value: input.value, focused: input === document.activeElement }));
    const open = [...document.querySelectorAll("[data-key]")].flatMap((row) =>
      [...row.querySelectorAll(".row-wide")].flatMap((section, index) => (section.hidden ? [] : [{ key: row.dataset.key, index }])));
    return { typed, open };
  }

  function keepTyping({ typed, open }) {
    const rowOf = (key) => document.querySelector(`[data-key="${CSS.escape(key)}"]`);
    open.forEach(({ key, index }) => {
      const section = rowOf(key)?.querySelectorAll(".row-wide")[index];
      if (!section) return;
      section.hidden = false;
      rowOf(key).querySelector("[aria-expanded]")?.setAttribute("aria-expanded", "true");
    });
    typed.forEach(({ key, name, value, focused }) => {
      const input = rowOf(key)?.querySelector(`input[name="${CSS.escape(name)}"]`);
      if (!input) return;
      input.value = value;
      if (focused) input.focus();
    });
  }

  async function refresh() {
    if (!view.storeId) return;
    // Lists read before an action (or for the store shown before) may answer after the lists read since: they are
    // dropped, never painted over the newer ones.
    const refreshNumber = ++view.refreshes;
    const superseded = () => refreshNumber !== view.refreshes;
    try {
      const [pickList, transfers, orders] = await allOrRefusal([
        loadJson(storePath("/pick-list")),
        loadJson(storePath("/transfers")),
        loadJson(storePath("/orders")),
      ]);
      const picking = (orders.orders ?? []).filter((order) => order.state === "Picking");
      const details = await Promise.all(picking.map(async (summary) => {
        const answer = await api("GET", `/api/v1/orders/${encodeURIComponent(summary.orderId)}`, undefined, { authFailureSignsOut: false });
        return { summary, order: answer.ok ? answer.data : null };
      }));
      await loadProductNames([
        ...(pickList.waves ?? []).flatMap((wave) => wave.lines ?? []), ...(pickList.unassigned ?? []),
        ...(transfers.outbound ?? []), ...(transfers.inbound ?? []), ...details.flatMap(({ order }) => order?.lines ?? []),
      ].map((line) => line.sku));
      if (superseded()) return;
      const typing = whatStaffAreTyping();
      renderCounts(orders, pickList);
      renderPickList(pickList);
      renderTransfers(transfers);
      const waitingHere = new Set([
        ...[...(pickList.waves ?? []).flatMap((wave) => wave.lines ?? []), ...(pickList.unassigned ?? [])].filter((line) => line.state === "Committed").map((line) => line.orderId),
        ...(transfers.inbound ?? []).map((line) => line.orderId),
      ]);
      renderPicked(details, waitingHere);
      renderHandover((orders.orders ?? []).filter((order) => order.state === "Ready"));
      keepTyping(typing);
      notice("");
    } catch (error) {
      if (superseded()) return;
      if (error instanceof AuthenticationRefused) signInAgain(error);
      else notice(`Could not load the store's lists: ${error.message}`);
    }
  }

  async function startWave(event) {
    const button = event.currentTarget;
    await runAction("wave", button, async () => {
      const result = await act("wave", storePath("/waves"), {});
      if (!result.ok) return result;
      const outcome = result.data?.waveId ? `Wave ${result.data.waveId} started: ${result.data.orderIds.length} orders.` : "Nothing to pick: no wave started.";
      return { ...result, outcome };
    });
  }

  // ---- signing in and choosing the store -------------------------------------------------------------------

  function signInAgain(error) {
    const hadKey = Boolean(sessionStorage.getItem(KeyStorage));
    sessionStorage.removeItem(KeyStorage);
    view.storeId = null;
    const why = error.status === 403
      ? "This API key may not use that store or action (403). Sign in with a store staff key."
      : hadKey ? "The API key was refused (401). Sign in again." : "This service needs an API key (401). Sign in.";
    notice(error.message && !error.message.startsWith("refused") ? `${why} ${error.message}` : why);
    show("sign-in");
    $("api-key").value = "";
    $("api-key").focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (key) sessionStorage.setItem(KeyStorage, key);
    else sessionStorage.removeItem(KeyStorage);
    $("api-key").value = "";
    notice("");
    await start();
  }

  function signOut() {
    sessionStorage.removeItem(KeyStorage);
    sessionStorage.removeItem(StoreStorage);
    view.storeId = null;
    view.me = null;
    view.messages.clear();
    notice("");
    show("sign-in");
    $("api-key").focus();
  }

  // The credential's stores once /api/v1/me exists; the tenant's stores before (404: no authentication yet).
  async function loadStores() {
    const me = await api("GET", "/api/v1/me");
    view.me = me.ok ? me.data : null;
    // No store ids (an administrator, say) means every store of the tenant.
    const allowed = view.me?.storeIds?.length ? view.me.storeIds : null;
    const stores = await api("GET", "/api/v1/stores", undefined, { authFailureSignsOut: allowed === null });
    const known = stores.ok ? stores.data : [];
    if (allowed === null) return known;
    return allowed.map((storeId) => known.find((store) => store.storeId === storeId) ?? { storeId, name: "", city: "" });
  }

  async function start() {
    try {
      const stores = await loadStores();
      const select = $("store-select");
      select.replaceChildren(...stores.map((store) => el("option", { value: store.storeId }, `${store.storeId}${store.name ? " · " + store.name : ""}${store.city ? " (" + store.city + ")" : ""}`)));
      const remembered = sessionStorage.getItem(StoreStorage);
      const chosen = stores.find((store) => store.storeId === remembered) ?? (stores.length === 1 ? stores[0] : null);
      if (chosen) {
        await openStore(chosen);
      } else {
        show("choose-store");
        if (!stores.length) notice("No store is available to this sign-in.");
      }
    } catch (error) {
      if (error instanceof AuthenticationRefused) signInAgain(error);
      else { show("sign-in"); notice(`The service did not answer: ${error.message}`); }
    }
  }

  async function openStore(store) {
    view.storeId = store.storeId;
    view.storeName = store.name ?? "";
    view.messages.clear();
    sessionStorage.setItem(StoreStorage, store.storeId);
    show("work");
    await refresh();
  }

  function chooseStore(event) {
    event.preventDefault();
    const select = $("store-select");
    const option = select.selectedOptions[0];
    if (!option) return;
    openStore({ storeId: option.value, name: option.textContent.split(" · ")[1]?.replace(/ \(.*\)$/, "") ?? "" });
  }

  function changeStore() {
    sessionStorage.removeItem(StoreStorage);
    view.storeId = null;
    notice("");
    show("choose-store");
  }

  // A periodic re-read, unless someone is typing into a field on the page.
  function refreshWhenIdle() {
    const typing = document.activeElement?.matches?.("input") && document.activeElement.value !== "";
    if (!document.hidden && !typing && !view.busy && !view.scanning && view.storeId) refresh();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("sign-in-form").addEventListener("submit", signIn);
    $("store-form").addEventListener("submit", chooseStore);
    $("sign-out").addEventListener("click", () => (sessionStorage.getItem(KeyStorage) ? signOut() : (show("sign-in"), $("api-key").focus())));
    $("change-store").addEventListener("click", changeStore);
    $("refresh").addEventListener("click", refresh);
    $("start-wave").addEventListener("click", startWave);
    setInterval(repaintDeadlines, DeadlineRepaintMilliseconds);
    setInterval(refreshWhenIdle, RefreshMilliseconds);
    start();
  });
})();
