/* policygraph — the web page for legal staff and agency staff. No framework, no build step.
 *
 * Routes (the part of the address after #):
 *   #/                 start page: the loaded documents
 *   #/search/<q>       search results grouped by kind (diacritics optional: the API folds them)
 *   #/document/<id>    a document: metadata, lineage diagram, references in and out, tasks
 *   #/task/<id>        a task: text, source lines, responsible agencies by role, chains to the resolutions
 *   #/agency/<id>      an agency: counts, assignments by role, inherited ones, CSV and Excel export, recent changes
 *   #/province/<id>    a province: its documents (with those of provinces merged into it), recent changes
 *   Task and agency pages answer "who is responsible now" as of today (2025 reorganisation).
 *   People read documents by their symbol (42-NQ/TW, 68/NQ-CP), dates as dd/mm/yyyy, sections as officials
 *   write them (Phần thứ hai, mục III.2); internal ids stay in addresses, never in the text (tests/api/test_page_ids.py).
 *
 * Safety: data only ever enters the DOM as text. h() turns every child string into a text node and
 * every attribute into setAttribute; nothing here assigns innerHTML. Diagram labels are drawn on a canvas.
 */
"use strict";

// ---------------------------------------------------------------- vocabulary

const ROLES = [
  ["host", "Chủ trì", "Cơ quan chủ trì: chịu trách nhiệm chính về nhiệm vụ."],
  ["coordinator", "Phối hợp", "Cơ quan phối hợp thực hiện."],
  ["decider", "Quyết định", "Cơ quan quyết định, phê duyệt."],
  ["director", "Chỉ đạo", "Cơ quan chỉ đạo (có thể khác cơ quan chủ trì)."],
  ["reporting", "Đầu mối báo cáo", "Báo cáo được gửi qua cơ quan này để tổng hợp."],
];
const ROLE_NAME = Object.fromEntries(ROLES.map(([role, name]) => [role, name]));
const HIT_KINDS = [["document", "Văn bản"], ["task", "Nhiệm vụ"], ["target", "Chỉ tiêu"], ["agency", "Cơ quan"]];
const RELATION = {
  implements: "thực hiện", continues: "tiếp tục", based_on: "căn cứ", amends: "sửa đổi",
  cites: "dẫn chiếu", has_task: "có nhiệm vụ",
};
const DOC_KIND = {
  NQ: "Nghị quyết", KL: "Kết luận", "QĐ": "Quyết định", KH: "Kế hoạch", CTr: "Chương trình",
  CT: "Chỉ thị", "NĐ": "Nghị định", TT: "Thông tư", HD: "Hướng dẫn",
};
const CATEGORY = {
  department: "Sở, ngành cấp tỉnh", departments: "Các sở, ngành", sector: "Cơ quan ngành dọc, lực lượng",
  central_ministry: "Bộ, ngành trung ương", central_agency: "Cơ quan trung ương", central_party: "Cơ quan Đảng trung ương",
  party_body: "Cơ quan Đảng", mass_organisation: "Tổ chức chính trị - xã hội", government: "Chính phủ",
  legislature: "Quốc hội", people_committee: "Ủy ban nhân dân", people_council: "Hội đồng nhân dân",
  district: "Cấp huyện", steering_committee: "Ban chỉ đạo",
};
const INHERITED_HELP = "Nhiệm vụ không nêu cơ quan chủ trì: lấy cơ quan chủ trì chung của văn bản.";
/** The four kinds of row on an agency's list (api/models.py AssignmentKind; the exports use the same words). */
const KINDS = [
  ["named", "Được giao trực tiếp", "Văn bản nêu tên cơ quan này (hoặc nhóm có cơ quan này) cho nhiệm vụ."],
  ["general_clause", "Giao chung theo văn bản", "Nhiệm vụ không nêu cơ quan chủ trì; văn bản giao chung cho cơ quan này (thường là cơ quan thường trực)."],
  ["succeeded", "Kế thừa (chắc chắn)", "Cơ quan được giao trong văn bản đã sáp nhập hoặc chia tách năm 2025; nhiệm vụ chuyển sang cơ quan này theo lộ trình xác định."],
  ["possible", "Có thể kế thừa (chưa rõ lĩnh vực)", "Cơ quan cũ chia cho nhiều cơ quan mới và chưa xác định được lĩnh vực của nhiệm vụ: cơ quan này là một trong các cơ quan có thể phụ trách."],
];
const REASON = {
  whole: "toàn bộ nhiệm vụ của cơ quan cũ chuyển sang",
  matched: "theo lĩnh vực của nhiệm vụ",
  residual: "phần chức năng còn lại",
  unclassified: "chưa xác định được lĩnh vực của nhiệm vụ: mọi cơ quan kế thừa đều có thể phụ trách",
  unmatched: "lĩnh vực của nhiệm vụ không khớp cơ quan kế thừa nào: mọi cơ quan kế thừa đều có thể phụ trách",
};
const STATUS = { verified: "đã xác minh", not_verified: "CHƯA XÁC MINH", not_covered: "dữ liệu tham chiếu không nêu" };
const ACTION = { added: "Nạp mới", replaced: "Nạp lại, nội dung thay đổi", removed: "Gỡ khỏi dữ liệu" };
// How far back "recent changes" look; older ones stay in /changes and the Atom feed.
const RECENT_DAYS = 30;
const REQUESTED_HELP = "Văn bản đề nghị (không giao) cơ quan này — cơ quan ngoài quyền chỉ đạo của nơi ban hành.";

// ---------------------------------------------------------------- small helpers

const enc = encodeURIComponent;
const href = {
  home: () => "#/",
  search: (q) => `#/search/${enc(q)}`,
  document: (id) => `#/document/${enc(id)}`,
  task: (id) => `#/task/${enc(id)}`,
  agency: (id) => `#/agency/${enc(id)}`,
  province: (id) => `#/province/${enc(id)}`,
};

/** Build an element. Strings and numbers among the children become text nodes; never markup. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const a = (to, ...children) => h("a", { href: to }, ...children);
const shorten = (text, max) => (!text || text.length <= max ? text || "" : `${text.slice(0, max - 1).trimEnd()}…`);
const lineRange = (start, end) => (start === end ? `dòng ${start}` : `dòng ${start}–${end}`);
const badge = (text, title, kind) => h("span", { class: `badge ${kind || ""}`, title }, text);
const muted = (...text) => h("span", { class: "muted" }, ...text);

function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso || "—";
}

/** When an agency or a province exists, from the 2025 reorganisation: "từ 01/07/2025", " đến 30/06/2025". */
function validity(x) {
  return [x.valid_from ? `từ ${formatDate(x.valid_from)}` : "", x.valid_to ? ` đến ${formatDate(x.valid_to)}` : "",
    !x.valid_from && !x.valid_to ? "không ghi nhận thay đổi" : ""];
}

/** How people name a document: its symbol (42-NQ/TW, 68/NQ-CP); an unnumbered draft by its kind, place and year. */
function documentName(d) {
  if (!d) return "Văn bản";
  if (d.symbol) return d.symbol;
  const kind = DOC_KIND[d.kind] || "Văn bản";
  return [`${kind} ${d.draft ? "(dự thảo, chưa có số)" : "(không số)"}`, d.province_name, d.year].filter(Boolean).join(" · ");
}

/** Every document the API lists, by id (fetched once): rows that name a document only by its id
 * (assignments, search hits, legal bases of the 2025 reorganisation) are shown by its symbol. */
let documentIndex = null;
function documents() {
  if (!documentIndex) {
    documentIndex = (async () => {
      const byId = new Map();
      for (let offset = 0; ; offset += 500) {
        const page = await api(`/documents?limit=500&offset=${offset}`);
        for (const d of page.items) byId.set(d.id, d);
        if (!page.items.length || offset + page.items.length >= page.total) return byId;
      }
    })().catch((error) => { documentIndex = null; throw error; });
  }
  return documentIndex;
}

/** The document a task (or target) id belongs to: the longest document id it starts with (a task's id is
 * its document's id, a dot and its section path: the part before the first dot, unless a document id holds dots). */
function ownerOf(index, id) {
  const head = id.split(".")[0];
  if (index.has(head)) return head;
  let best = null;
  for (const docId of index.keys()) if (id.startsWith(`${docId}.`) && (!best || docId.length > best.length)) best = docId;
  return best;
}

const ORDINAL = ["", "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"];
/** A section path as officials write it: "P2.III.2" → "Phần thứ hai, mục III.2"; "III.2.k" → "mục III.2, điểm k". */
function sectionLabel(path) {
  const parts = String(path || "").split(".");
  const out = [];
  if (/^P\d+$/.test(parts[0])) {
    const n = Number(parts.shift().slice(1));
    out.push(`Phần thứ ${ORDINAL[n] || n}`);
  }
  const letter = parts.length > 1 && /^[a-zđ]$/.test(parts[parts.length - 1]) ? parts.pop() : null;
  if (parts.length) out.push(`mục ${parts.join(".")}`);
  if (letter) out.push(`điểm ${letter}`);
  const label = out.join(", ");
  return label.charAt(0).toUpperCase() + label.slice(1);
}
/** A label inside a sentence: its first letter in lower case, the rest as written (mục III.1). */
const inSentence = (label) => label.charAt(0).toLowerCase() + label.slice(1);

/** The section of a task from its id (<document>.<path>[~n]): the path, without the number that tells
 * apart the tasks of one section. */
const taskSection = (taskId, docId) => (taskId.startsWith(`${docId}.`) ? taskId.slice(docId.length + 1) : taskId).replace(/~\d+$/, "");

/** A quoted source passage: the text, then the file and lines it comes from. */
function quote(text, file, start, end) {
  return h("blockquote", { class: "quote" },
    h("p", {}, text || "—"),
    file ? h("footer", {}, h("cite", {}, file), ` · ${lineRange(start, end)}`) : null);
}

function section(title, attrs, ...children) {
  return h("section", attrs || {}, h("h2", {}, title), ...children);
}

/** A table; each cell carries its column's name, so a phone can show a row as a labelled card. */
function table(headers, rows, attrs) {
  return h("div", { class: "table-wrap" }, h("table", attrs || {},
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) => h("td", { "data-label": headers[i] }, c)))))));
}

function definitions(pairs) {
  return h("dl", { class: "meta" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && body.detail) || response.statusText);
    error.title = (body && body.title) || `HTTP ${response.status}`;
    throw error;
  }
  return body;
}

/** Every item of a paginated list ({total, offset, limit, items}), page after page. */
async function apiAll(path) {
  const items = [];
  for (let total = Infinity; items.length < total;) {
    const page = await api(`${path}${path.includes("?") ? "&" : "?"}limit=500&offset=${items.length}`);
    items.push(...page.items);
    total = page.items.length ? page.total : items.length;
  }
  return items;
}

// ---------------------------------------------------------------- diagrams (cytoscape.js)

const DIAGRAM_STYLE = [
  { selector: "node", style: {
    label: "data(label)", "text-wrap": "wrap", "text-valign": "center", "text-halign": "center",
    "font-size": 13, "font-family": "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif",
    color: "#17212b", shape: "round-rectangle", "background-color": "#e6eef8", "border-width": 1,
    "border-color": "#5b7fa8" } },
  { selector: "node.document", style: { width: 220, height: 70, "text-max-width": "208px" } },
  { selector: "node.root", style: { "background-color": "#f7e1dd", "border-color": "#a33b35", "font-weight": "bold" } },
  { selector: "node.task", style: { width: 180, height: 66, "font-size": 11, "text-max-width": "170px",
    "background-color": "#e3f1e3", "border-color": "#4c864c" } },
  { selector: "node.tasks", style: { width: 130, height: 34, "border-style": "dashed",
    "background-color": "#f2f2f2", "border-color": "#7b7b7b" } },
  { selector: "node.focus", style: { "border-width": 3, "border-color": "#d2691e" } },
  { selector: "edge", style: {
    width: 1.5, "curve-style": "bezier", "line-color": "#8796a8", "target-arrow-color": "#8796a8",
    "target-arrow-shape": "triangle", label: "data(label)", "font-size": 11, color: "#3e4c5a",
    "text-background-color": "#ffffff", "text-background-opacity": 1, "text-background-padding": "2px" } },
  { selector: "edge.has_task", style: { "line-style": "dotted", "line-color": "#93b893", "target-arrow-shape": "none" } },
];
const NODE_WIDTH = { document: 220, task: 180, tasks: 130 };
const ROW_MAX_WIDTH = 1250;

/** A graph to draw: nodes {id, kind, label, title, href, focus}; links go from child to parent. */
function newGraph() {
  const nodes = new Map();
  const links = new Map();
  return {
    nodes, links,
    node(id, kind, label, title, to, focus) {
      const old = nodes.get(id);
      if (!old) nodes.set(id, { id, kind, label, title: title || label, href: to, focus: !!focus });
      else if (!old.title && title) old.title = title;
    },
    link(child, parent, relation) { links.set(`${child}\u0000${parent}\u0000${relation}`, { child, parent, relation }); },
  };
}

/** A document's box: its symbol (or name) over its shortened title. */
function documentNode(g, d, focus) {
  const name = documentName(d);
  g.node(d.id, "document", d.title ? `${name}\n${shorten(d.title, 58)}` : name, d.title ? `${name}: ${d.title}` : name,
    href.document(d.id), focus);
}

/** A task's box: where it stands and its first words. */
const taskNode = (g, id, section, text, focus) =>
  g.node(id, "task", `${sectionLabel(section)}\n${shorten(text, 70)}`, `${sectionLabel(section)}: ${text}`, href.task(id), focus);

/** Positions in layers: resolutions on top, each document one row below its lowest parent, tasks last. */
function layered(g) {
  const parents = new Map();
  for (const { child, parent } of g.links.values()) parents.set(child, [...(parents.get(child) || []), parent]);
  const level = new Map();
  const onPath = new Set();
  const depth = (id) => {
    if (level.has(id)) return level.get(id);
    if (onPath.has(id)) return 0; // a cycle: stop here
    onPath.add(id);
    const ps = (parents.get(id) || []).filter((p) => g.nodes.has(p));
    const d = ps.length ? 1 + Math.max(...ps.map(depth)) : 0;
    onPath.delete(id);
    level.set(id, d);
    return d;
  };
  const layers = [];
  for (const id of g.nodes.keys()) (layers[depth(id)] = layers[depth(id)] || []).push(id);

  const x = new Map();
  const positions = {};
  let y = 0;
  for (const layer of layers.filter(Boolean)) {
    const mean = (id) => { const xs = (parents.get(id) || []).filter((p) => x.has(p)).map((p) => x.get(p));
      return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : 0; };
    layer.sort((p, q) => mean(p) - mean(q) || p.localeCompare(q, "vi", { numeric: true }));
    const rows = [[]];
    let width = 0;
    for (const id of layer) {
      const w = NODE_WIDTH[g.nodes.get(id).kind] + 24;
      if (width + w > ROW_MAX_WIDTH && rows[rows.length - 1].length) { rows.push([]); width = 0; }
      rows[rows.length - 1].push(id);
      width += w;
    }
    for (const row of rows) {
      // each node as near as it can be under its parents, without overlapping its left neighbour
      const widths = row.map((id) => NODE_WIDTH[g.nodes.get(id).kind] + 24);
      const want = row.map(mean);
      const at = [];
      row.forEach((id, i) => { at[i] = i ? Math.max(want[i], at[i - 1] + (widths[i - 1] + widths[i]) / 2) : want[0]; });
      const shift = want.reduce((sum, w, i) => sum + w - at[i], 0) / row.length;
      row.forEach((id, i) => { x.set(id, at[i] + shift); positions[id] = { x: at[i] + shift, y }; });
      y += row.some((id) => g.nodes.get(id).kind === "document") ? 125 : row.some((id) => g.nodes.get(id).kind === "task") ? 90 : 56;
    }
    y += 10;
  }
  return { positions, height: y };
}

const pendingDiagrams = new WeakMap();

/** A figure holding a diagram; it is drawn once the page is in the document (see mountDiagrams). */
function diagram(g, caption, id) {
  const box = h("div", { class: "diagram", id, role: "img",
    "aria-label": `${caption} (${g.nodes.size} nút; danh sách bằng chữ ở dưới)` });
  const info = h("p", { class: "diagram-info" }, "Nhấn vào một ô để mở trang của nó; kéo nền để di chuyển sơ đồ.");
  const zoom = (factor) => () => { if (box.cy) box.cy.zoom({ level: box.cy.zoom() * factor, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } }); };
  const tools = h("div", { class: "diagram-tools" },
    h("button", { type: "button", title: "Phóng to", onclick: zoom(1.25) }, "+"),
    h("button", { type: "button", title: "Thu nhỏ", onclick: zoom(0.8) }, "−"),
    h("button", { type: "button", title: "Vừa khung", onclick: () => box.cy && box.cy.fit(undefined, 24) }, "Vừa khung"));
  pendingDiagrams.set(box, { g, info });
  return h("figure", { class: "diagram-figure" }, h("figcaption", {}, caption), tools, box, info);
}

function mountDiagrams(root) {
  for (const box of root.querySelectorAll(".diagram")) {
    const spec = pendingDiagrams.get(box);
    if (!spec) continue;
    pendingDiagrams.delete(box);
    if (typeof window.cytoscape !== "function") {
      box.append(h("p", { class: "error" }, "Không tải được thư viện vẽ sơ đồ; xem danh sách bằng chữ."));
      continue;
    }
    const { g, info } = spec;
    const { positions, height } = layered(g);
    box.style.height = `${Math.max(220, Math.min(560, height + 40))}px`;
    const roots = new Set([...g.nodes.keys()].filter((id) => ![...g.links.values()].some((l) => l.child === id)));
    const elements = [
      ...[...g.nodes.values()].map((n) => ({
        data: { id: n.id, label: n.label, title: n.title, href: n.href }, position: positions[n.id],
        classes: [n.kind, n.focus ? "focus" : "", n.kind === "document" && roots.has(n.id) ? "root" : ""].join(" ") })),
      ...[...g.links.values()].map((l, i) => ({
        data: { id: `edge-${i}`, source: l.child, target: l.parent,
          label: l.relation === "has_task" ? "" : RELATION[l.relation] || l.relation },
        classes: l.relation })),
    ];
    const cy = window.cytoscape({
      container: box, elements, style: DIAGRAM_STYLE, layout: { name: "preset" },
      minZoom: 0.15, maxZoom: 2.5, userZoomingEnabled: false, boxSelectionEnabled: false, autoungrabify: true,
    });
    cy.fit(undefined, 24);
    if (cy.zoom() > 1.25) { cy.zoom(1.25); cy.center(); }
    cy.on("tap", "node", (ev) => { const to = ev.target.data("href"); if (to) location.hash = to; });
    cy.on("mouseover", "node", (ev) => { info.textContent = ev.target.data("title"); box.classList.add("pointing"); });
    cy.on("mouseout", "node", () => box.classList.remove("pointing"));
    box.cy = cy; // the zoom buttons (and the browser test) reach the diagram here
  }
}

// ---------------------------------------------------------------- pages

async function homePage() {
  const all = [...(await documents()).values()];
  const loaded = all.filter((d) => d.loaded);
  const cited = all.filter((d) => !d.loaded);
  return {
    title: "Chính sách xã hội",
    nodes: [
      h("section", { class: "intro" },
        h("h1", {}, "Văn bản chính sách xã hội: chuỗi thực hiện và trách nhiệm"),
        h("p", {}, "Tìm văn bản, nhiệm vụ, chỉ tiêu hoặc cơ quan ở ô tìm kiếm phía trên — gõ có dấu hay không dấu đều được, ví dụ ",
          a(href.search("so lao dong thuong binh"), "so lao dong thuong binh"), " hoặc ",
          a(href.search("cai nghien"), "cai nghien"), "."),
        h("p", { class: "muted" }, "Mỗi nhiệm vụ, cơ quan được giao và quan hệ giữa các văn bản đều dẫn về tệp, số dòng và đoạn trích nguyên văn.")),
      section(`Văn bản đã nạp toàn văn (${loaded.length})`, {}, documentTable(loaded)),
      section(`Văn bản được dẫn chiếu (${cited.length})`, {},
        h("details", {}, h("summary", {}, "Hiện danh sách các văn bản chỉ được nhắc đến"), documentTable(cited))),
    ],
  };
}

function documentTable(docs) {
  return table(["Văn bản", "Ngày", "Cơ quan ban hành", "Trích yếu"], docs.map((d) => [
    [a(href.document(d.id), documentName(d)), h("br"), muted(DOC_KIND[d.kind] || d.kind),
      d.draft ? [" ", badge("dự thảo", "Bản dự thảo", "draft")] : null],
    formatDate(d.date), d.issuer || "—", shorten(d.title, 220) || "—",
  ]), { class: "documents" });
}

// The search's words in a result's text, marked: each word of the text is folded as the API folds
// (no diacritics, lower case) and marked when it is one of the words searched for.
const foldWord = (word) => word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
function highlight(text, folded) {
  const words = new Set(folded.split(" ").filter(Boolean));
  return text.split(/([\p{L}\p{N}]+)/u).map((part, i) => (i % 2 && words.has(foldWord(part)) ? h("mark", {}, part) : part));
}

// A province facet shows only the results of that province (central bodies and documents: "Trung
// ương"); chosen again, it shows them all.
const place = (province) => province || "Trung ương";
function showPlace(link) {
  const chosen = link.classList.toggle("chosen") ? link.dataset.place : null;
  for (const other of document.querySelectorAll("nav.facets a")) if (other !== link) other.classList.remove("chosen");
  for (const li of document.querySelectorAll("section.hits li")) li.hidden = chosen !== null && li.dataset.place !== chosen;
}

async function searchPage(q) {
  if (!q.trim()) return homePage();
  const [result, index] = await Promise.all([api(`/search?q=${enc(q)}&limit=300`), documents()]);
  const order = [...new Set(result.items.map((hit) => hit.kind))]; // the order the API ranks them in
  const groups = HIT_KINDS.map(([kind, name]) => [kind, name, result.items.filter((hit) => hit.kind === kind)])
    .filter(([, , hits]) => hits.length).sort((p, q) => order.indexOf(p[0]) - order.indexOf(q[0]));
  const hitLink = (hit) => {
    if (hit.kind === "target") return href.document(ownerOf(index, hit.id) || hit.id.split(".")[0]);
    return href[hit.kind] ? href[hit.kind](hit.id) : href.search(hit.id);
  };
  // where a hit stands, in words: a document's symbol, a task's or target's document and section
  const where = (hit) => {
    if (hit.kind === "document") return documentName(index.get(hit.id));
    if (hit.kind === "agency") return hit.province || "trung ương";
    const owner = ownerOf(index, hit.id);
    if (!owner) return null;
    return hit.kind === "task" ? `${documentName(index.get(owner))}, ${inSentence(sectionLabel(taskSection(hit.id, owner)))}`
      : documentName(index.get(owner));
  };
  return {
    title: `Tìm: ${q}`,
    nodes: [
      h("h1", {}, "Kết quả tìm kiếm: “", q, "”"),
      h("p", { class: "muted" }, result.more ? `${result.items.length} kết quả gần nhất (còn nữa: thêm từ để thu hẹp)`
        : `${result.items.length} kết quả`, ` · tìm theo dạng không dấu “${result.folded}”`),
      groups.length ? h("nav", { class: "jump" }, "Nhóm: ", groups.map(([kind, name, hits], i) =>
        [i ? " · " : "", h("a", { href: `#/search/${enc(q)}`, "data-jump": kind, onclick: (ev) => {
          ev.preventDefault(); document.getElementById(`hits-${kind}`).scrollIntoView(); } }, `${name} (${hits.length})`)])) : null,
      result.facets.province.length > 1 ? h("nav", { class: "facets" }, "Tỉnh, thành phố: ",
        result.facets.province.map((f, i) => [i ? " · " : "", h("a", { href: `#/search/${enc(q)}`, "data-place": place(f.value),
          onclick: (ev) => { ev.preventDefault(); showPlace(ev.currentTarget); } }, `${place(f.value)} (${f.count})`)])) : null,
      groups.length ? null : h("p", { class: "empty" }, "Không tìm thấy kết quả. Thử từ khóa ngắn hơn."),
      groups.map(([kind, name, hits]) => section(`${name} (${hits.length})`, { id: `hits-${kind}`, class: "hits", "data-kind": kind },
        h("ul", {}, hits.map((hit) => h("li", { "data-place": place(hit.province) },
          hit.kind === "document"
            ? a(hitLink(hit), h("strong", { class: "symbol" }, where(hit)), hit.label ? [" — ", highlight(shorten(hit.label, 300), result.folded)] : null)
            : [a(hitLink(hit), highlight(shorten(hit.label || where(hit) || "", 300), result.folded)),
              where(hit) ? [" ", muted("· ", where(hit))] : null]))))),
    ],
  };
}

async function documentPage(id) {
  const [detail, up, down, index] = await Promise.all([
    api(`/documents/${enc(id)}`),
    api(`/documents/${enc(id)}/lineage?direction=up`),
    api(`/documents/${enc(id)}/lineage?direction=down`),
    documents(),
  ]);
  const d = detail.document;
  const kind = DOC_KIND[d.kind] || d.kind;
  const number = d.symbol;

  const g = newGraph();
  documentNode(g, d, true);
  for (const n of up.nodes) documentNode(g, { id: n.id, symbol: n.symbol, title: n.label });
  for (const e of up.edges) g.link(e.from_id, e.to_id, e.relation);
  const nodeOf = new Map(down.nodes.map((n) => [n.id, n]));
  const ownSection = new Map(detail.tasks.map((t) => [t.task_id, t.section]));
  const otherTasks = new Map();
  for (const e of down.edges) {
    const n = nodeOf.get(e.to_id) || { id: e.to_id };
    if (e.relation !== "has_task") {
      documentNode(g, index.get(n.id) || { id: n.id, symbol: n.symbol, title: n.label });
      g.link(e.to_id, e.from_id, e.relation);
    } else if (e.from_id === d.id) {
      taskNode(g, e.to_id, ownSection.get(e.to_id) || taskSection(e.to_id, d.id), n.label);
      g.link(e.to_id, e.from_id, "has_task");
    } else {
      otherTasks.set(e.from_id, (otherTasks.get(e.from_id) || 0) + 1);
    }
  }
  for (const [doc, count] of otherTasks) { // tasks of other documents: one box per document
    g.node(`${doc}#tasks`, "tasks", `${count} nhiệm vụ`, `${count} nhiệm vụ của ${documentName(index.get(doc))}`, href.document(doc));
    g.link(`${doc}#tasks`, doc, "has_task");
  }

  const refRows = (refs) => refs.map((r) => [
    badge(RELATION[r.relation] || r.relation, RELATION[r.relation] || r.relation, `rel-${r.relation}`),
    [a(href.document(r.other_id), r.other_symbol || documentName(index.get(r.other_id))),
      r.other_title ? [h("br"), muted(shorten(r.other_title, 160))] : null],
    r.quote ? quote(r.quote, r.file, r.line_start, r.line_end) : muted("—"),
  ]);
  return {
    title: number ? `${kind} ${number}` : documentName(d),
    nodes: [
      h("nav", { class: "crumbs" }, a(href.home(), "Trang chủ"), " › ", kind),
      h("h1", {}, `${kind} ${number ? `số ${number}` : "(không số)"}`, d.draft ? [" ", badge("dự thảo", "Bản dự thảo", "draft")] : null),
      d.title ? h("p", { class: "lead" }, d.title) : null,
      definitions([
        ["Loại", kind], ["Số, ký hiệu", number || "không ghi số"],
        ["Ngày ban hành", d.date ? formatDate(d.date) : "không ghi ngày"], ["Năm", d.year], ["Cơ quan ban hành", d.issuer || d.issuer_code],
        ["Địa phương", d.province ? a(href.province(d.province), d.province_name) : "trung ương"],
        ["Tình trạng", d.loaded ? "Đã nạp toàn văn" : "Chỉ được văn bản khác nhắc đến (chưa có toàn văn)"],
        ["Số liệu", `${detail.counts.tasks} nhiệm vụ · ${detail.counts.references_out} dẫn chiếu đi · ${detail.counts.references_in} dẫn chiếu đến`
          + (detail.counts.warnings ? ` · ${detail.counts.warnings} điểm cần kiểm tra` : "")],
      ]),
      detail.warnings.length ? section(`Điểm cần kiểm tra khi đọc văn bản (${detail.warnings.length})`, { id: "warnings" },
        h("p", { class: "help" }, "Những chỗ công cụ đọc không tự khẳng định được (thiếu số hiệu, ngày; nội dung mâu thuẫn; "
          + "đoạn không phân loại được). Hãy đối chiếu với bản gốc tại các dòng trích dưới đây."),
        table(["Loại", "Nội dung", "Đoạn trích nguồn"], detail.warnings.map((w) => [
          h("span", { title: w.code }, w.kind_label), w.message, w.quote ? quote(w.quote, w.file, w.line_start, w.line_end) : "—"]),
        { class: "warnings" })) : null,
      section("Sơ đồ chuỗi thực hiện", { id: "lineage" },
        diagram(g, "Lên: các văn bản mà văn bản này thực hiện, tới nghị quyết gốc · Xuống: văn bản thực hiện nó và các nhiệm vụ", "document-diagram")),
      section(`Văn bản này dẫn chiếu (${detail.references_out.length})`, { id: "references-out" },
        detail.references_out.length ? table(["Quan hệ", "Văn bản", "Đoạn trích nguồn"], refRows(detail.references_out), { class: "refs" })
          : h("p", { class: "empty" }, "Không có.")),
      section(`Được dẫn chiếu bởi (${detail.references_in.length})`, { id: "references-in" },
        detail.references_in.length ? table(["Quan hệ", "Văn bản", "Đoạn trích nguồn"], refRows(detail.references_in), { class: "refs" })
          : h("p", { class: "empty" }, "Không có.")),
      section(`Nhiệm vụ (${detail.tasks.length})`, { id: "tasks" },
        detail.tasks.length ? table(["Mục", "Nhiệm vụ"], detail.tasks.map((t) => [
          sectionLabel(t.section), a(href.task(t.task_id), shorten(t.text, 260))]), { class: "tasks" })
          : h("p", { class: "empty" }, d.loaded ? "Không tìm thấy nhiệm vụ." : "Chưa có toàn văn nên chưa có nhiệm vụ.")),
    ],
  };
}

function responsibleByRole(list) {
  const blocks = ROLES.map(([role, name, help]) => {
    const rows = list.filter((r) => r.role === role);
    if (!rows.length) return null;
    return h("section", { class: `role role-${role}`, "data-role": role },
      h("h3", {}, name, " ", h("span", { class: "count" }, rows.length)),
      h("p", { class: "help" }, help),
      h("ul", { class: "responsible" }, rows.map((r) => h("li", {},
        h("p", { class: "agency-name" }, a(href.agency(r.agency_id), r.agency_name),
          r.inherited ? [" ", badge("giao chung theo văn bản", INHERITED_HELP, "inherited")] : null,
          r.requested ? [" ", badge("đề nghị", REQUESTED_HELP, "requested")] : null),
        quote(r.quote, r.file, r.line_start, r.line_end)))));
  }).filter(Boolean);
  return blocks.length ? blocks : [h("p", { class: "empty" }, "Chưa xác định được cơ quan chịu trách nhiệm.")];
}

function successionStep(step, index) {
  return h("li", { class: `succession-step status-${step.status}` },
    h("p", {}, formatDate(step.effective), ": ",
      step.successor_id ? a(href.agency(step.successor_id), step.successor_name || step.successor_id)
        : h("strong", {}, "không rõ cơ quan kế thừa"),
      step.scope ? [" ", muted(`(lĩnh vực: ${step.scope_label || "chưa có tên"})`)] : null,
      step.legal_basis ? [" — căn cứ ", a(href.document(step.legal_basis), documentName(index.get(step.legal_basis)))] : null,
      " ", badge(STATUS[step.status] || step.status, step.note, step.status)),
    h("p", { class: "help" }, step.note));
}

function responsibleNow(task, index) {
  const day = formatDate(task.as_of);
  if (!task.responsible_now.length) return h("p", { class: "empty" }, "Văn bản không nêu cơ quan nào.");
  const rows = task.responsible_now.map((r) => [
    [h("span", { class: "role-name" }, ROLE_NAME[r.role] || r.role), h("br"), a(href.agency(r.named_id), r.named_name),
      r.inherited ? [" ", badge("giao chung theo văn bản", INHERITED_HELP, "inherited")] : null],
    h("ul", { class: "holders" }, r.holders.map((holder) => h("li", { class: holder.known ? "holder" : "holder unknown" },
      holder.known ? a(href.agency(holder.holder_id), holder.holder_name) : h("strong", {}, "Không rõ"),
      holder.chain.length ? h("ol", { class: "succession" }, holder.chain.map((step) => successionStep(step, index)))
        : [" ", muted("(không thay đổi)")]))),
    [r.ambiguous ? badge("nhiều khả năng", "Không chọn thay người dùng: xem lý do.", "ambiguous") : null,
      r.route_reason ? [" ", REASON[r.route_reason] || r.route_reason] : null],
  ]);
  return [
    h("p", { class: "help" }, `Cơ quan nêu trong văn bản và cơ quan phụ trách tính đến ${day}, theo các quyết định sắp xếp bộ máy năm 2025.`,
      task.field_evidence ? [" Lĩnh vực nhận biết từ nội dung: ", h("code", {}, task.field_evidence), "."] : null),
    table(["Nêu trong văn bản", `Phụ trách hiện nay (${day})`, "Lý do"], rows, { class: "responsible-now" }),
  ];
}

function chainSteps(task, lineage, nameOf) {
  const edge = (from, to) => lineage.edges.find((e) => e.from_id === from && e.to_id === to);
  const title = new Map(lineage.nodes.map((n) => [n.id, n.label]));
  const docLink = (id) => [a(href.document(id), nameOf(id)), title.get(id) ? [" ", muted(`(${shorten(title.get(id), 90)})`)] : null];
  const where = sectionLabel(task.section);
  if (!lineage.chains.length) return h("p", { class: "empty" }, "Văn bản của nhiệm vụ này không dẫn tới nghị quyết nào trong dữ liệu.");
  return h("ol", { class: "chains" }, lineage.chains.map((chain, i) => h("li", { class: "chain" },
    h("p", { class: "chain-path" }, h("strong", {}, `Chuỗi ${i + 1}: `), where,
      chain.map((id) => [" → ", a(href.document(id), nameOf(id))])),
    h("ol", { class: "steps" },
      h("li", {}, h("p", {}, `Nhiệm vụ (${inSentence(where)}) thuộc `, docLink(chain[0])),
        quote(task.quote, task.file, task.line_start, task.line_end)),
      chain.slice(1).map((to, k) => {
        const from = chain[k];
        const e = edge(from, to);
        return h("li", {},
          h("p", {}, a(href.document(from), nameOf(from)), ` ${RELATION[e ? e.relation : "implements"]} `, docLink(to)),
          e && e.quote ? quote(e.quote, e.file, e.line_start, e.line_end) : h("p", { class: "muted" }, "Không có đoạn trích."));
      })))));
}

async function taskPage(id) {
  const [task, lineage, index] = await Promise.all([api(`/tasks/${enc(id)}`), api(`/tasks/${enc(id)}/lineage`), documents()]);
  const own = index.get(task.document_id) || { id: task.document_id, symbol: task.document_symbol, title: task.document_title };
  const symbols = new Map(lineage.nodes.map((n) => [n.id, n.symbol]));
  const nameOf = (docId) => (index.has(docId) ? documentName(index.get(docId)) : symbols.get(docId) || documentName(null));
  const where = sectionLabel(task.section);
  const g = newGraph();
  taskNode(g, task.id, task.section, task.text, true);
  for (const n of lineage.nodes) documentNode(g, index.get(n.id) || { id: n.id, symbol: n.symbol, title: n.label });
  documentNode(g, own);
  g.link(task.id, task.document_id, "has_task");
  for (const e of lineage.edges) g.link(e.from_id, e.to_id, e.relation);
  const ownHeading = task.heading && !task.heading.endsWith("…") && task.heading !== task.text;
  // the resolutions at the top of the task's chains: one click from the task
  const roots = [...new Set(lineage.chains.map((chain) => chain[chain.length - 1]))];
  return {
    title: `Nhiệm vụ — ${where}, ${nameOf(task.document_id)}`,
    nodes: [
      h("nav", { class: "crumbs" }, a(href.home(), "Trang chủ"), " › ",
        a(href.document(task.document_id), nameOf(task.document_id)), " › ", where),
      h("h1", {}, `Nhiệm vụ — ${inSentence(where)}`),
      h("p", { class: "lead task-text" }, task.text),
      definitions([
        ["Văn bản", [a(href.document(task.document_id), nameOf(task.document_id)), task.document_title ? [h("br"), muted(task.document_title)] : null]],
        ["Mục", [where, ownHeading ? ` — ${task.heading}` : null]],
        ["Thực hiện nghị quyết", roots.length ? h("span", { id: "roots" }, roots.map((root, i) => [i ? ", " : "",
          a(href.document(root), nameOf(root)), index.get(root) && index.get(root).date ? ` ngày ${formatDate(index.get(root).date)}` : null]))
          : null],
        ["Thời hạn", task.deadline || "không ghi"],
        ["Kinh phí", task.funding || "không ghi"],
      ]),
      section("Nguồn", { id: "source" }, quote(task.quote, task.file, task.line_start, task.line_end)),
      section("Cơ quan chịu trách nhiệm", { id: "responsible" }, responsibleByRole(task.responsible)),
      section("Ai phụ trách hiện nay", { id: "responsible-now" }, responsibleNow(task, index)),
      section("Chuỗi thực hiện đến nghị quyết", { id: "lineage" },
        diagram(g, "Nhiệm vụ → văn bản → văn bản cấp trên → nghị quyết gốc", "task-diagram"),
        h("h3", {}, "Từng bước, kèm đoạn trích"),
        chainSteps(task, lineage, nameOf)),
    ],
  };
}

async function agencyPage(id) {
  const [detail, rows, all, index, places, recent] = await Promise.all([
    api(`/agencies/${enc(id)}`), apiAll(`/agencies/${enc(id)}/assignments`), apiAll("/agencies"), documents(),
    apiAll("/provinces"), recentChanges(`agency=${enc(id)}`)]);
  const ag = detail.agency;
  // a province by its name, and from when it exists when it is one of the 2025 merger (two share a name)
  const placeName = new Map(places.map((p) => [p.id, p.valid_from ? `${p.name} (từ ${formatDate(p.valid_from)})` : p.name]));
  const taskLink = (r) => [a(href.task(r.task_id), sectionLabel(taskSection(r.task_id, r.document_id))), h("br"),
    a(href.document(r.document_id), muted(documentName(index.get(r.document_id))))];
  const nameOf = new Map(all.map((x) => [x.id, x.name]));
  const exportUrl = (format) => `/agencies/${enc(ag.id)}/assignments?format=${format}`;
  const countName = (key) => {
    const role = key.replace(/_via_group$/, "");
    return `${ROLE_NAME[role] || role}${key.endsWith("_via_group") ? " (qua nhóm)" : ""}`;
  };
  const own = rows.filter((r) => !r.origin_id);
  const inherited = rows.filter((r) => r.kind === "succeeded");
  const possible = rows.filter((r) => r.kind === "possible");
  const kindCount = (kind) => rows.filter((r) => r.kind === kind).length;
  const inheritedTable = (list) => table(["Nhiệm vụ", "Vai trò", "Cơ quan được giao trong văn bản", "Căn cứ", "Lý do"],
    list.map((r) => [
      taskLink(r),
      ROLE_NAME[r.role] || r.role,
      a(href.agency(r.origin_id), r.origin_name),
      [formatDate(r.effective), r.legal_basis ? [" ", a(href.document(r.legal_basis), documentName(index.get(r.legal_basis)))] : null],
      REASON[r.route_reason] || r.route_reason || "",
    ]), { class: "inherited" });
  const roleSections = ROLES.map(([role, name, help]) => {
    const mine = own.filter((r) => r.role === role);
    if (!mine.length) return null;
    return h("section", { class: `role role-${role}`, "data-role": role },
      h("details", { open: role === "host" || mine.length <= 10 },
        h("summary", {}, h("h3", {}, name, " ", h("span", { class: "count" }, mine.length))),
        h("p", { class: "help" }, help, " ", a(`/agencies/${enc(ag.id)}/assignments?role=${role}&format=xlsx`, "Tải phần này (Excel)")),
        table(["Nhiệm vụ", "Nội dung", "Ghi chú", "Đoạn trích giao việc"], mine.map((r) => [
          taskLink(r),
          shorten(r.task_text, 280),
          [r.via_group ? ["qua nhóm ", a(href.agency(r.via_group), nameOf.get(r.via_group) || "nhóm cơ quan")] : null,
            r.inherited ? [" ", badge("giao chung theo văn bản", INHERITED_HELP, "inherited")] : null,
            r.requested ? [" ", badge("đề nghị", REQUESTED_HELP, "requested")] : null],
          h("q", {}, r.quote),
        ]), { class: "assignments" })));
  }).filter(Boolean);
  const rank = (key) => ROLES.findIndex(([role]) => key.startsWith(role)) * 2 + (key.endsWith("_via_group") ? 1 : 0);
  const counts = Object.entries(detail.counts).sort((p, q) => rank(p[0]) - rank(q[0]));
  return {
    title: ag.name,
    nodes: [
      h("nav", { class: "crumbs" }, a(href.home(), "Trang chủ"), " › ", "Cơ quan"),
      h("h1", {}, ag.name),
      definitions([
        ["Loại", ag.kind === "group" ? "Nhóm cơ quan (cách gọi tập thể, như “các sở, ban, ngành”)" : "Cơ quan"],
        ["Nhóm", CATEGORY[ag.category] || ag.category], ["Địa phương", ag.province ? a(href.province(ag.province), placeName.get(ag.province)) : "trung ương"],
        ["Hiệu lực", validity(ag)],
        ["Kế thừa bởi", detail.succeeded_by.length ? detail.succeeded_by.map((s, i) => [i ? ", " : "",
          s === "unknown" ? h("strong", {}, "không rõ") : a(href.agency(s), nameOf.get(s) || "cơ quan kế thừa")]) : "—"],
      ]),
      section("Nhiệm vụ theo loại giao việc", { id: "kinds" },
        h("ul", { class: "kinds" }, KINDS.map(([kind, name, help]) =>
          h("li", { "data-kind": kind }, h("strong", {}, kindCount(kind)), " ", h("span", { class: "kind-name" }, name),
            h("p", { class: "help" }, help))))),
      section("Số nhiệm vụ theo vai trò", { id: "counts" },
        counts.length ? h("ul", { class: "counts" }, counts.map(([key, n]) =>
          h("li", { "data-key": key }, h("strong", {}, n), h("span", {}, countName(key)))))
          : h("p", { class: "empty" }, "Chưa có nhiệm vụ nào được giao trực tiếp.")),
      section("Tải danh sách nhiệm vụ", { id: "export" },
        h("p", { class: "export" },
          h("a", { class: "button", id: "export-csv", href: exportUrl("csv"), download: "" }, "Tải CSV"),
          h("a", { class: "button", id: "export-xlsx", href: exportUrl("xlsx"), download: "" }, "Tải Excel (.xlsx)"),
          muted(` ${rows.length} dòng, mọi vai trò: ${KINDS.map(([kind, name]) => `${kindCount(kind)} ${name.toLowerCase()}`).join(", ")}`))),
      section("Nhiệm vụ được giao", { id: "assignments" },
        roleSections.length ? roleSections : h("p", { class: "empty" }, "Không có.")),
      section(`Kế thừa chắc chắn từ cơ quan trước sắp xếp (tính đến ${formatDate(detail.as_of)})`, { id: "inherited" },
        inherited.length ? inheritedTable(inherited)
          : h("p", { class: "empty" }, "Không có nhiệm vụ kế thừa chắc chắn từ cơ quan khác.")),
      section(`Có thể kế thừa — chưa rõ lĩnh vực (${possible.length})`, { id: "possible" },
        h("p", { class: "help" }, KINDS[3][2], " Các nhiệm vụ này cũng hiện ở danh sách của các cơ quan kế thừa khác."),
        possible.length ? inheritedTable(possible) : h("p", { class: "empty" }, "Không có.")),
      changesSection(recent, `/changes.atom?agency=${enc(ag.id)}`, index, "giao việc cho cơ quan này"),
    ],
  };
}

// ---------------------------------------------------------------- recent changes

/** Every change a /changes query answers, following its `next` links. */
async function changesOf(query) {
  const found = [];
  for (let url = `/changes?${query}&limit=1000`; url;) {
    const page = await api(url);
    found.push(...page.changes);
    url = page.next;
  }
  return found;
}

/** The changes of the last RECENT_DAYS days a query names (a province, with those merged into it, or
 * an agency), newest first. */
async function recentChanges(query) {
  const since = new Date(Date.now() - RECENT_DAYS * 86400000).toISOString().slice(0, 10);
  return (await changesOf(`${query}&since=${since}`)).sort((p, q) => q.seq - p.seq);
}

/** A moment of the change log (UTC) as people in Viet Nam read it: dd/mm/yyyy hh:mm, their time. */
function formatMoment(iso) {
  const local = new Date(new Date(iso).getTime() + 7 * 3600000).toISOString();
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

function changeCounts(gained, lost, changed) {
  const parts = [gained ? `thêm ${gained}` : null, lost ? `bớt ${lost}` : null, changed ? `sửa ${changed}` : null];
  return parts.filter(Boolean).join(", ") || "không đổi";
}

function changesSection(list, feed, index, subject) {
  const name = (c) => documentName(index.get(c.document) || { symbol: c.symbol }) || shorten(c.title, 120);
  return section(`Thay đổi gần đây (${RECENT_DAYS} ngày qua)`, { id: "changes" },
    h("p", { class: "help" }, `Mỗi lần một văn bản ${subject} được nạp, nạp lại với nội dung khác hoặc gỡ khỏi dữ liệu, `
      + "kèm số nhiệm vụ và số lượt giao việc thêm, bớt. Giờ Việt Nam. ",
      h("a", { href: feed, id: "changes-feed", type: "application/atom+xml" }, "Theo dõi qua nguồn tin Atom")),
    list.length ? table(["Thời điểm", "Văn bản", "Thay đổi", "Nhiệm vụ", "Giao việc"], list.map((c) => [
      formatMoment(c.at),
      [c.action === "removed" ? name(c) : a(href.document(c.document), name(c)), h("br"), muted(shorten(c.title, 160))],
      ACTION[c.action] || c.action,
      changeCounts(c.tasks_gained, c.tasks_lost, c.tasks_changed),
      changeCounts(c.assignments_gained, c.assignments_lost, 0),
    ]), { class: "changes" }) : h("p", { class: "empty" }, `Không có thay đổi nào trong ${RECENT_DAYS} ngày qua.`));
}

// ---------------------------------------------------------------- province page

async function provincePage(id) {
  const [places, rows, index] = await Promise.all([apiAll("/provinces"), apiAll(`/provinces/${enc(id)}/documents`), documents()]);
  const place = places.find((p) => p.id === id);
  if (!place) throw Object.assign(new Error("Không tìm thấy tỉnh, thành phố này."), { title: "Không tìm thấy" });
  // two provinces may bear one name (Hải Phòng before and after the 2025 merger): the dates tell them apart
  const nameOf = new Map(places.map((p) => [p.id, p.valid_from ? `${p.name} (từ ${formatDate(p.valid_from)})`
    : p.valid_to ? `${p.name} (đến ${formatDate(p.valid_to)})` : p.name]));
  const docs = [...new Map(rows.map((r) => [r.document_id, r])).values()];
  const recent = await recentChanges(`province=${enc(id)}`);
  return {
    title: place.name,
    nodes: [
      h("nav", { class: "crumbs" }, a(href.home(), "Trang chủ"), " › ", "Địa phương"),
      h("h1", {}, nameOf.get(id)),
      definitions([
        ["Hiệu lực", validity(place)],
        ["Sáp nhập vào", place.succeeded_by ? a(href.province(place.succeeded_by), nameOf.get(place.succeeded_by)) : null],
      ]),
      section(`Văn bản của địa phương (${docs.length})`, { id: "documents" },
        h("p", { class: "help" }, "Kể cả văn bản của các tỉnh, thành phố đã sáp nhập vào địa phương này năm 2025."),
        docs.length ? table(["Văn bản", "Năm", "Trích yếu", "Ghi chú"], docs.map((r) => [
          a(href.document(r.document_id), documentName(index.get(r.document_id))), r.year || "—", shorten(r.title, 220) || "—",
          r.route_id ? `Văn bản của ${nameOf.get(r.named_province)}, sáp nhập từ ${formatDate(r.effective)}` : "",
        ]), { class: "documents" }) : h("p", { class: "empty" }, "Chưa có văn bản nào.")),
      changesSection(recent, `/changes.atom?province=${enc(id)}`, index, "của địa phương"),
    ],
  };
}

// ---------------------------------------------------------------- routing

const PAGES = { search: searchPage, document: documentPage, task: taskPage, agency: agencyPage, province: provincePage };
let renderCount = 0;

function parseHash() {
  const path = location.hash.replace(/^#\/?/, "");
  const cut = path.indexOf("/");
  const name = cut < 0 ? path : path.slice(0, cut);
  let arg = cut < 0 ? "" : path.slice(cut + 1);
  try { arg = decodeURIComponent(arg); } catch { /* keep it as typed */ }
  return { name, arg };
}

async function render() {
  const ticket = ++renderCount;
  const route = location.hash;
  const { name, arg } = parseHash();
  const main = document.getElementById("main");
  const input = document.getElementById("search-input");
  if (name === "search") input.value = arg;
  main.setAttribute("aria-busy", "true");
  let page;
  try {
    page = await (PAGES[name] || homePage)(arg);
  } catch (error) {
    page = { title: "Lỗi", nodes: [h("div", { class: "error", role: "alert" },
      h("h1", {}, error.title || "Không tải được dữ liệu"), h("p", {}, error.message), a(href.home(), "Về trang chủ"))] };
  }
  if (ticket !== renderCount) return; // a newer route has started meanwhile
  for (const old of main.querySelectorAll(".diagram")) if (old.cy) old.cy.destroy();
  main.replaceChildren(...page.nodes.flat(Infinity).filter(Boolean));
  document.title = `${page.title} — policygraph`;
  main.removeAttribute("aria-busy");
  window.scrollTo(0, 0);
  mountDiagrams(main);
  main.dataset.route = route; // the route now shown, diagrams drawn (what the browser tests wait for)
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-input").value.trim();
    if (!q) return;
    const target = href.search(q);
    if (location.hash === target) render();
    else location.hash = target;
  });
  window.addEventListener("hashchange", render);
  render();
});
