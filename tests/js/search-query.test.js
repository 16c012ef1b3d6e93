// The search worker wrapper (docs/assets/javascripts/workers/search-query.js),
// run with Material's real search worker in a worker-like sandbox.
// Run: node --test tests/js/  (tests/unit/test_search_query_js.py runs it in pytest).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { pathToFileURL, fileURLToPath } = require("node:url");

const ROOT = path.resolve(__dirname, "..", "..");
const WRAPPER = path.join(ROOT, "docs", "assets", "javascripts", "workers", "search-query.js");
const { rewriteQuery, rerank, MATERIAL_WORKER, QUERY, RESULT } = require(WRAPPER);

function materialWorkers() {
  if (process.env.MATERIAL_WORKERS) return process.env.MATERIAL_WORKERS;
  const lib = path.join(ROOT, ".venv", "lib");
  const python = fs.readdirSync(lib).find(name => name.startsWith("python"));
  return path.join(lib, python, "site-packages", "material", "templates", "assets", "javascripts", "workers");
}

/* A dedicated-worker-like global: addEventListener/postMessage/importScripts/location.
   `script` is loaded as if it sat in Material's workers folder. */
function startWorker(script) {
  const events = new EventTarget();
  const posted = [];
  const sandbox = {
    console, setTimeout, clearTimeout, URL, MessageEvent, Event, EventTarget,
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
    postMessage: message => posted.push(JSON.parse(JSON.stringify(message))),  // leave the sandbox realm
    location: { href: pathToFileURL(path.join(materialWorkers(), "search-query.js")).href },
    importScripts: (...urls) => {
      for (const url of urls) vm.runInContext(fs.readFileSync(fileURLToPath(url), "utf8"), sandbox);
    },
  };
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(script, "utf8"), sandbox);
  const send = async message => {
    const before = posted.length;
    events.dispatchEvent(new MessageEvent("message", { data: message }));
    for (let i = 0; i < 200 && posted.length === before; i++) await new Promise(r => setTimeout(r, 5));
    assert.equal(posted.length, before + 1, `no answer to ${JSON.stringify(message).slice(0, 80)}`);
    return posted[posted.length - 1];
  };
  return { send, sandbox };
}

// A tiny index in the shape the MkDocs search plugin writes (mkdocs.yml's separator).
const INDEX = {
  config: {
    lang: ["en"], separator: '[\\s\\-,:;!?=\\[\\]()"/]+|\\.(?!\\d)', pipeline: ["stopWordFilter"],
    fields: { title: { boost: 1000 }, text: { boost: 1 }, tags: { boost: 1000000 }, card_text: { boost: 100 },
              synonyms_text: { boost: 10 } },
  },
  docs: [
    { location: "treatment.html", title: "Treatment", text: "Treatments for cancer in the bones." },
    { location: "treatment.html#cement-injections", title: "Cement injections into the spine",
      text: "Bone cement injections can steady a bone in the spine. It itself is quick." },
    { location: "symptoms.html", title: "Symptoms", text: "Signs to know." },
    { location: "symptoms.html#spinal-cord-compression", title: "Spinal cord compression",
      text: "Numbness, pins and needles or weakness in your legs." },
    { location: "glossary.html", title: "Glossary", text: "Osteoclast: a cell that breaks down bone. Asked often." },
    { location: "diagnosis.html", title: "Scans", text: "A CT scan and an X-ray. A temperature of 38°C." },
    { location: "radio.html", title: "Radiotherapy", text: "Rays." },
    { location: "radio.html#very-precise", title: "Very precise radiotherapy", text: "Few sessions." },
    { location: "calcium.html", title: "High calcium", text: "Signs." },
    { location: "calcium.html#signs", title: "Signs", text: "You are very thirsty, confused or drowsy.",
      card_text: "You are very thirsty, confused or drowsy." },
    // The build adds "unable" (data/synonyms.yml) where a section says "cannot".
    { location: "help.html", title: "When to get help", text: "Signs." },
    { location: "help.html#spine", title: "Spinal cord compression", text: "You cannot pee, or you wet yourself.",
      synonyms_text: "unable", card_text: "You cannot pee, or you wet yourself. unable" },
    { location: "help.html#calcium", title: "High calcium", text: "You are peeing a lot.",
      card_text: "You are peeing a lot." },
  ],
  options: { suggest: false },
};

async function setUp(script) {
  const worker = startWorker(script);
  assert.deepEqual(await worker.send({ type: 0, data: INDEX }), { type: 1 }, "Material's SETUP -> READY reply changed");
  return worker;
}

async function locations(worker, query) {
  const reply = await worker.send({ type: QUERY, data: query });
  assert.equal(reply.type, RESULT, "Material's QUERY -> RESULT reply changed");
  assert.ok(Array.isArray(reply.data.items), "RESULT data.items is no longer a list of groups");
  return reply.data.items.map(group => group.filter(doc => doc.score > 0).map(doc => doc.location)).flat();
}

const stopWords = (() => {
  const { sandbox } = startWorker(path.join(materialWorkers(), MATERIAL_WORKER));
  assert.equal(typeof sandbox.lunr.stopWordFilter, "function", "Material's worker no longer exposes lunr");
  return word => !sandbox.lunr.stopWordFilter(word);
})();

test("Material's worker file named in the wrapper is the installed one", () => {
  assert.ok(fs.existsSync(path.join(materialWorkers(), MATERIAL_WORKER)),
    `${MATERIAL_WORKER} is not in ${materialWorkers()}: Material was upgraded; update MATERIAL_WORKER, ` +
    "the message shape checks here and the replace in overrides/main.html");
});

test("Material still appends * to every term unless it has a boost (what the wrapper relies on)", () => {
  const source = fs.readFileSync(path.join(materialWorkers(), MATERIAL_WORKER), "utf8");
  assert.ok(source.includes("(^[+-]|[~^]\\d+$)/.test("), "Material's query transform changed");
  assert.ok(source.includes("case 2:let e=t.data"), "Material's QUERY message (type 2, data = query) changed");
});

test("stop words go and short words lose their prefix when other words are present", () => {
  const cases = [
    ["pins and needles in my legs", "pins needles legs"],
    ["what is an osteoclast", "osteoclast"],
    ["can I fly", "fly"],
    ["do I need a CT scan", "need CT^1 scan"],
    ["x ray", "x^1 ray"],
    ["temp of 38", "temp 38"],
    ["is it cancer?", "cancer?"],
    ["pain in my back, legs", "pain back, legs"],
    ["cant pee", "unable^1 pee"],
    ["I can\u2019t wee properly", "unable^1 wee properly"],
    ["I cannot feel my legs and can't walk", "unable^1 feel legs walk"],
    ["it's spread to my bones", "spread bones"],
  ];
  for (const [query, want] of cases) assert.equal(rewriteQuery(query, stopWords), want, query);
});

test("a query of only short or stop words, and lunr syntax, stay as typed", () => {
  for (const query of ["can i", "in", "ct", "my", "+pain -back", "pain*", '"pins and needles"', "title:pain", "pain~1", ""])
    assert.equal(rewriteQuery(query, stopWords), query, query);
});

test("through Material's worker: short words no longer match long ones", async () => {
  const raw = await setUp(path.join(materialWorkers(), MATERIAL_WORKER));
  const wrapped = await setUp(WRAPPER);
  // Control: plain Material finds "injections" for "in" and "cancer" for "can".
  assert.ok((await locations(raw, "pins and needles in my legs")).includes("treatment.html#cement-injections"));
  const pins = await locations(wrapped, "pins and needles in my legs");
  assert.equal(pins[0], "symptoms.html#spinal-cord-compression");
  assert.ok(!pins.includes("treatment.html#cement-injections"), pins.join(", "));

  assert.ok((await locations(raw, "can I fly")).length > 0);
  assert.deepEqual(await locations(wrapped, "can I fly"), []);

  const osteoclast = await locations(wrapped, "what is an osteoclast");
  assert.deepEqual(osteoclast, ["glossary.html"]);
  assert.deepEqual(await locations(wrapped, "do I have a CT scan"), ["diagnosis.html"]);
  // Single words still work as you type, and numbers keep their prefix.
  assert.ok((await locations(wrapped, "inj")).includes("treatment.html#cement-injections"));
  assert.deepEqual(await locations(wrapped, "temperature of 38"), ["diagnosis.html"]);
});

test("results with more of the query's words come first; all-Missing results never lead", () => {
  const doc = (location, score, terms) => ({ location, score, terms });
  const items = [
    [doc("a.html", 0, {}), doc("a.html#x", 2000, { very: true, thirsty: false, confused: false })],
    [doc("b.html", 0, {}), doc("b.html#card", 300, { very: true, thirsty: true, confused: true })],
    [doc("c.html", 5000, { very: false, thirsty: false, confused: false })],
  ];
  const ranked = rerank(items);
  assert.deepEqual(ranked.map(g => g[0].location), ["b.html#card", "a.html#x", "c.html"]);
  assert.equal(ranked[0].length, 2, "a page keeps all its results");
  assert.deepEqual(rerank([]), []);
});

test("a word most results have counts for less than a rare one; short words not at all", () => {
  const doc = (location, score, terms) => ({ location, score, terms });
  // "how can I help my wife": "help" is everywhere, "wife" only in the carers section.
  const common = n => Array.from({ length: n }, (_, i) =>
    [doc(`p${i}.html#help`, 3000, { help: true, wife: false })]);
  const carers = [doc("life.html#carers", 1500, { help: false, wife: true })];
  const ranked = rerank([...common(8), carers], 100);
  assert.equal(ranked[0][0].location, "life.html#carers");
  // Uniform weights would keep the high-scoring "help" result first: the control.
  assert.equal(rerank([...common(1), carers.map(d => ({ ...d, terms: { help: false, wife: true } }))], 2)[0][0].location,
    "p0.html#help");
  // "go" (searched whole) matched only by one result must not decide the order.
  const go = rerank([
    [doc("faq.html#why", 2000, { breast: true, bone: true, go: false })],
    [doc("card.html#x", 1500, { breast: true, bone: true, go: true })],
  ], 50);
  assert.equal(go[0][0].location, "faq.html#why");
});

test("the reader typed can't, so results never say Missing: unable", () => {
  const ranked = rerank([[{ location: "a.html", score: 10, terms: { unable: false, pee: true } }]], 10);
  assert.deepEqual(ranked[0][0].terms, { pee: true });
});

test("through Material's worker: can't pee finds the section that says cannot pee", async () => {
  const wrapped = await setUp(WRAPPER);
  const found = await locations(wrapped, "cant pee");
  assert.equal(found[0], "help.html#spine", found.join(", "));
  assert.ok(found.includes("help.html#calcium"), "the other pee section is still listed");
  const reply = await wrapped.send({ type: QUERY, data: "cant pee" });
  const terms = reply.data.items.flat().map(doc => Object.keys(doc.terms)).flat();
  assert.ok(terms.includes("pee") && !terms.includes("unable"), terms.join(", "));
});

test("through Material's worker: one heading word no longer outranks every word in a section", async () => {
  const raw = await setUp(path.join(materialWorkers(), MATERIAL_WORKER));
  const wrapped = await setUp(WRAPPER);
  assert.equal((await locations(raw, "very thirsty and confused"))[0], "radio.html#very-precise");  // the old problem
  assert.equal((await locations(wrapped, "very thirsty and confused"))[0], "calcium.html#signs");
});
