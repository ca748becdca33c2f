// Readability.js (Mozilla, with jsdom) over a folder of pages, one process, one thread.
//
//   node bench/readability_js.mjs --modules DIR [--shard K/N] [--skip-existing] IN_DIR OUT_DIR
//
// DIR is where `npm install jsdom @mozilla/readability` put node_modules (bench/wcxb.sh uses
// bench/.cache/readability-js). IN_DIR holds ID.html (UTF-8). All pages are read into memory
// first; the timed part per page is: jsdom parse -> Readability.parse() -> the article's HTML
// to text (block elements become line breaks, as peers.py does for readability-lxml).
// OUT_DIR gets ID.txt, ID.json ({title, author, date} when Readability gives them) and _run.json.
// --shard K/N takes only the pages whose index (sorted by id) is K mod N and writes
// _run.shard-K.json instead: N such processes, each on one thread, cover the folder, and since
// only per-page times are summed, bench/wcxb_report.py merge adds them up into a one-thread figure.
// --skip-existing leaves out pages that already have OUT_DIR/ID.txt (resuming a stopped run); the
// speed is then measured on the pages it did, and _run.json says how many.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const args = process.argv.slice(2);
let modules = null;
let shard = null;
let skipExisting = false;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--modules") modules = args[++i];
  else if (args[i] === "--shard") shard = args[++i].split("/").map(Number);
  else if (args[i] === "--skip-existing") skipExisting = true;
  else dirs.push(args[i]);
}
if (shard && !(shard.length === 2 && shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
  console.error("--shard K/N with 0 <= K < N");
  process.exit(2);
}
if (!modules || dirs.length !== 2) {
  console.error("usage: node bench/readability_js.mjs --modules DIR IN_DIR OUT_DIR");
  process.exit(2);
}
const [inDir, outDir] = dirs;
const require = createRequire(path.join(path.resolve(modules), "package.json"));
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");
const version = (name) => require(`${name}/package.json`).version;

const BLOCK = new Set(
  ("address article aside blockquote br caption dd div dl dt figcaption figure footer form " +
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul " +
    "summary details").split(" ")
);

function toText(node, out) {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) out.push(c.nodeValue);
    else if (c.nodeType === 1) {
      const block = BLOCK.has(c.localName);
      if (block) out.push("\n");
      toText(c, out);
      if (block) out.push("\n");
    }
  }
  return out;
}

function htmlText(html) {
  if (!html) return "";
  const frag = JSDOM.fragment(html);
  return toText(frag, [])
    .join("")
    .split("\n")
    .map((l) => l.replace(/[^\S\n]+/g, " ").trim())
    .filter((l) => l)
    .join("\n");
}

function extract(html) {
  const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
  try {
    const a = new Readability(dom.window.document).parse();
    if (!a) return { text: "", meta: {} };
    const meta = {};
    if (a.title) meta.title = a.title;
    if (a.byline) meta.author = a.byline;
    if (a.publishedTime) meta.date = a.publishedTime;
    return { text: htmlText(a.content), meta };
  } finally {
    dom.window.close();
  }
}

const pages = fs
  .readdirSync(inDir)
  .filter((n) => n.endsWith(".html"))
  .sort()
  .filter((n) => !skipExisting || !fs.existsSync(path.join(outDir, n.slice(0, -5) + ".txt")))
  .filter((_, i) => !shard || i % shard[1] === shard[0])
  .map((n) => [n.slice(0, -5), fs.readFileSync(path.join(inDir, n), "utf8")]);
if (!pages.length) {
  console.error(`no ID.html pages to do in ${inDir}`);
  process.exit(skipExisting ? 0 : 2);
}
fs.mkdirSync(outDir, { recursive: true });
try {
  extract(pages[0][1]); // untimed warm-up
} catch {}

let total = 0;
let cpu = 0;
const errors = [];
for (const [id, html] of pages) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let out;
  try {
    out = extract(html);
  } catch (e) {
    errors.push({ id, error: String(e).slice(0, 200) });
    out = { text: "", meta: {} };
  }
  total += Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  cpu += (c.user + c.system) / 1e6;
  fs.writeFileSync(path.join(outDir, `${id}.txt`), out.text);
  if (Object.keys(out.meta).length) fs.writeFileSync(path.join(outDir, `${id}.json`), JSON.stringify(out.meta));
}
const mb = pages.reduce((s, [, h]) => s + Buffer.byteLength(h), 0) / 1e6;
const info = {
  name: "readability_js",
  version: `Readability.js ${version("@mozilla/readability")} (jsdom ${version("jsdom")}, node ${process.versions.node})`,
  pages: pages.length,
  html_mb: mb,
  extract_s: total,
  docs_per_s: pages.length / total,
  mb_per_s: mb / total,
  cpu_s: cpu,
  cpu_docs_per_s: pages.length / cpu,
  errors: errors.length,
  error_ids: errors,
  threads: 1,
  timing: "jsdom parse + Readability.parse + HTML-to-text, pages in memory",
};
if (shard) info.shard = `${shard[0]}/${shard[1]}`;
if (skipExisting) info.timing += "; resumed: timed on the pages this run did (its `pages`)";
fs.writeFileSync(path.join(outDir, shard ? `_run.shard-${shard[0]}.json` : "_run.json"), JSON.stringify(info, null, 1));
console.error(`[readability_js] ${info.version}: ${pages.length} pages, extract ${total.toFixed(2)} s = ${info.docs_per_s.toFixed(1)} pages/s (CPU ${cpu.toFixed(2)} s); errors ${errors.length}`);
