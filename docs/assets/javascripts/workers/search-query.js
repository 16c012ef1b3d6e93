/*
 * Search worker wrapper: Material 9.8.2's own search worker, with one change to
 * the query before it reaches lunr (issue 12).
 *
 * Why: Material's worker adds a trailing "*" to every word of the query, and lunr
 * skips its stop-word filter for such prefix terms. So in a sentence every short
 * word matches long ones: "pins and needles in my legs" finds "injections" (in*),
 * "can I fly" finds "cancer" (can*). Here, when the query also has other words,
 * stop words ("in", "my", "can", "what" ...: lunr's own list, the one the index
 * was built with, plus short forms such as "can't") are left out of the query
 * (they are not in the index, so they could only match as prefixes), and words
 * under 3 letters ("ct", "x") are searched as whole words, by giving them lunr's
 * neutral boost "^1" (Material adds no "*" to a term with a boost). "Can't",
 * "cannot" and "unable" become "unable" (a tie-breaker), so "can't pee" prefers
 * "you cannot pee" to "peeing a lot". A query of only such words ("can i"), and
 * anything written in lunr's query syntax (+ - * ~ ^ : or quotes), is left exactly
 * as typed.
 *
 * It also reorders Material's answer ({type: 3, data: {items}}) so that results
 * matching more of the query's telling words come first: words weighed by how
 * few results have them, so "wife" counts for more than "bone" (see `rank`).
 *
 * How: overrides/main.html points Material's `__config.search` at this file. It
 * listens for messages first, rewrites the query message ({type: 2, data: query}),
 * wraps postMessage to reorder the answer, then loads Material's worker from the
 * same folder. It is a file, not inline
 * code, and uses no eval, so it runs under the strict CSP; from file:// the
 * iframe-worker shim runs it in an iframe, where importScripts is the shim's and
 * URLs are resolved from this script's own address.
 *
 * Upgrading Material: tests/unit/test_search_query_js.py fails if the worker file
 * named below or the message shape changes (node --test tests/js/).
 */
(function (scope) {
  "use strict";

  var MATERIAL_WORKER = "search.a7633da7.min.js";  // Material 9.8.2, same folder
  var QUERY = 2;   // Material's SearchMessageType.QUERY; data is the query string
  var RESULT = 3;  // SearchMessageType.RESULT; data.items: one list of documents per page

  /* Short forms of lunr's stop words ("cannot", "not", "do", "is" ...), which a
     reader types but lunr's list lacks: "cant pee" must not find "Canterbury". */
  var CONTRACTIONS = new Set(("can't cant won't wont don't dont doesn't doesnt didn't didnt " +
    "isn't isnt aren't arent wasn't wasnt haven't havent hasn't hasnt i'm im i've ive i'd i'll " +
    "it's what's whats that's there's you're we're they're shouldn't couldn't wouldn't").split(" "));

  /* "Can't" carries the meaning of a warning sign ("can't pee", "cannot feel my
     legs"), but it and "cannot" are stop words, so they are not in the index. They
     are searched as "unable", which the build adds (data/synonyms.yml) to sections
     that say "cannot" or "unable to". In the ranking it weighs like the query's
     commonest word: a tie-breaker between results that match the other words. */
  var NEGATIONS = new Set("can't cant cannot couldn't couldnt unable".split(" "));
  var NEGATION = "unable";
  var NEGATION_TERM = NEGATION + "^1";  // lunr boosts are whole numbers; ^1 also stops Material's "*"

  var SYNTAX = /["*~^:]|(^|\s)[+-]/;
  var EDGE = /^[(\[]+|[.,;!?)\]]+$/g;
  var WORD = /^[\p{L}\p{N}'\u2019]+$/u;

  /* "drop": a stop word or a short form of one ("in", "my", "can't"): not in the
     index, so it is left out of the query (and never shown as "Missing").
     "exact": a word of fewer than 3 letters ("ct", "x"), searched as a whole word.
     A number keeps its prefix ("38" should still find "38°C"). */
  function kind(word, isStopWord) {
    if (!WORD.test(word)) return "keep";
    var lower = word.toLowerCase().replace(/\u2019/g, "'");
    if (NEGATIONS.has(lower)) return "negation";
    if (isStopWord(lower) || CONTRACTIONS.has(lower)) return "drop";
    if (Array.from(lower).length < 3 && !/\p{N}/u.test(lower)) return "exact";
    return "keep";
  }

  /* The query as lunr should see it. `isStopWord(lowerCaseWord)` is lunr's list. */
  function rewriteQuery(query, isStopWord) {
    if (typeof query !== "string" || SYNTAX.test(query)) return query;
    var words = query.trim().split(/\s+/).filter(Boolean);
    var plain = words.map(function (w) { return w.replace(EDGE, ""); });
    var kinds = plain.map(function (w) { return kind(w, isStopWord); });
    if (kinds.indexOf("keep") < 0) return query;  // only short words: search them as typed
    var negated = false;
    return words.map(function (w, i) {
      if (kinds[i] === "negation") {
        if (negated) return "";
        negated = true;
        return NEGATION_TERM;
      }
      return kinds[i] === "drop" ? "" : kinds[i] === "exact" ? plain[i] + "^1" : w;
    }).filter(Boolean).join(" ");
  }

  /* How much each query word tells results apart: its inverse document frequency
     among Material's results (`docs` = every document that matched any word, `n` =
     documents in the index). "bone", "pain" or "help" are on most pages and weigh
     little; "wife", "drive" or "pee" weigh a lot. A word no result matched is left
     out (it would scale every result alike). */
  function weights(docs, n) {
    var counts = {};
    docs.forEach(function (doc) {
      Object.keys(doc.terms || {}).forEach(function (w) {
        counts[w] = (counts[w] || 0) + (doc.terms[w] ? 1 : 0);
      });
    });
    var out = {}, short = [], lowest = Infinity;  // lowest: is there a longer word?
    Object.keys(counts).forEach(function (w) {
      if (!counts[w]) return;
      if (Array.from(w).length < 3 && !/\p{N}/u.test(w)) return short.push(w);
      out[w] = Math.log(1 + Math.max(n, docs.length) / counts[w]);
      lowest = Math.min(lowest, out[w]);
    });
    /* A word under 3 letters ("go", "up", "ct") is searched as a whole word, so it is
       rare, and its frequency would make it count most. It does not count here
       (Material's score still rewards a match), unless the query has no other word. */
    short.forEach(function (w) { out[w] = lowest === Infinity ? 1 : 0; });
    if (NEGATION in out) out[NEGATION] = lowest === Infinity ? 1 : lowest;  // a tie-breaker
    return out;
  }

  /* Share of the query's words a result matched (Material's `terms`: word ->
     matched?; hidden synonym fields count as matched), each word by its weight. */
  function coverage(doc, weight) {
    var total = 0, matched = 0;
    Object.keys(doc.terms || {}).forEach(function (w) {
      if (!(w in weight)) return;
      total += weight[w];
      if (doc.terms[w]) matched += weight[w];
    });
    return total ? matched / total : 0;
  }

  /* Material's score times the cube of the (weighted) share of words matched.
     Material's own factor for that share is small next to its heading boost (1000),
     so one heading word ("Very precise radiotherapy") outranked a card with every
     word of "very thirsty and confused". Measured on data/search-queries.yml (220
     queries, 2026-12-02): squared, 1 card query lost ("suddenly short of breath"
     showed the same-day breathless card above the blood clot card); cubed, none;
     4th power lost a page. A result that matched none of the words (all
     "Missing:") gets 0, so it never comes above one that matched any. */
  var EXPONENT = 3;
  function rank(doc, weight) {
    var share = coverage(doc, weight);
    return doc.score * Math.pow(share, EXPONENT);
  }

  /* Material's results (one list per page) reordered by `rank`: the pages by their
     best result, and the results within each page. `n`: documents in the index. */
  function rerank(items, n) {
    var weight = weights([].concat.apply([], items), n || 0);
    var rankOf = function (doc) { return rank(doc, weight); };
    var better = function (a, b) { return rankOf(b) - rankOf(a); };
    var groups = items.map(function (group) {
      var sorted = group.slice().sort(better);
      return { group: sorted, best: sorted[0] };
    });
    groups.sort(function (a, b) { return better(a.best, b.best); });
    return groups.map(function (g) { return g.group.map(withoutNegation); });
  }

  /* The reader typed "can't", not "unable": never show "Missing: unable". */
  function withoutNegation(doc) {
    if (!doc.terms || !(NEGATION in doc.terms)) return doc;
    var terms = Object.assign({}, doc.terms);
    delete terms[NEGATION];
    return Object.assign({}, doc, { terms: terms });
  }

  if (typeof module === "object" && module.exports) {  // node --test
    module.exports = { rewriteQuery: rewriteQuery, rerank: rerank, MATERIAL_WORKER: MATERIAL_WORKER,
                       QUERY: QUERY, RESULT: RESULT };
    return;
  }

  var SETUP = 0;    // SearchMessageType.SETUP; data: the search index (config, docs)
  var indexSize = 0;
  scope.addEventListener("message", function (ev) {
    var message = ev.data;
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs))
      indexSize = message.data.docs.length;
    var lunr = scope.lunr;
    if (!message || message.type !== QUERY || typeof message.data !== "string" || !lunr) return;
    var query = rewriteQuery(message.data, function (w) { return !lunr.stopWordFilter(w); });
    if (query !== message.data)
      Object.defineProperty(ev, "data", { value: { type: message.type, data: query } });
  });

  var post = scope.postMessage;  // Material answers with postMessage(message)
  scope.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items))
      message = { type: RESULT, data: Object.assign({}, message.data, { items: rerank(message.data.items, indexSize) }) };
    return post.apply(scope, arguments.length > 1 ? [message].concat([].slice.call(arguments, 1)) : [message]);
  };

  var here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : scope.location.href;
  scope.importScripts(new URL(MATERIAL_WORKER, here).href);
})(typeof self !== "undefined" ? self : globalThis);
