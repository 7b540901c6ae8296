// Iqama Guide: Material's own search worker (lunr), made to understand Arabic as readers type it.
//
// The page starts this file instead of Material's worker (site_src/overrides/main.html puts
// "iq-search.js?lang=<page language>&material=<Material's worker file>" in the page's config);
// it loads Material's worker unchanged and adds, around it:
//
//  1. One spelling for both the index and the query (`fold`): Unicode format characters (bidi
//     and zero-width marks, soft hyphen), Arabic diacritics, tatweel and Quranic marks removed;
//     alef forms (أ إ آ ٱ) -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي, Persian ک/ی -> ك/ي,
//     Arabic-Indic and Persian digits -> 0-9; then the article and the clitics in front of it
//     (ال، وال، بال، كال، فال، لل) and the common endings are taken off by Larkey's light10
//     stemmer (Larkey, Ballesteros & Connell, "Light Stemming for Arabic Information
//     Retrieval", 2007), the Arabic stemmer used by Lucene's ArabicNormalizer/ArabicStemFilter.
//     Measured on the 47 Arabic and 24 English queries of tests/site/search_queries.toml
//     (tests/site/search_harness.mjs runs the worker under Node), first result on an expected
//     page: Material alone 21/47 and 18/24; this file with light10 47/47 and 24/24; with
//     lunr-languages' own Arabic stemmer (root extraction, lunr.ar) instead 46/47; folding
//     only, no stemmer, 41/47. English words get lunr's own Porter stemmer on both sides.
//  2. The words readers use that the pages do not (`SYNONYMS`): خادمة -> العمالة المنزلية,
//     كفيل -> صاحب العمل, "maid" -> "domestic worker", SADAD on the Arabic site -> سداد, ...
//     added to the query (lunr's default is OR: pages with either word are found).
//  3. Results of the page's own language only (the index holds both languages).
//  4. A query sent before the index is built is kept and answered once it is.
//
// Material builds its lunr index with tokens lower-cased by its tokenizer and run through the
// index pipeline; Material adds "*" to every query term, and lunr runs no pipeline on a term with
// a wildcard, so the query is folded here, before Material sees it.
"use strict";

const params = new URL(self.location.href).searchParams;
const LANG = params.get("lang") === "en" ? "en" : "ar";
const MATERIAL = params.get("material") || "";
if (!/^search\.[0-9a-f]+\.min\.js$/.test(MATERIAL)) throw new Error(`iq-search: bad worker name ${MATERIAL}`);

// Material's message types (src/templates/assets/javascripts/integrations/search/worker/message)
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

// ------------------------------------------------------------------------------------ folding
const MARKS = /[\p{Cf}\u00AD\u0640\u064B-\u065F\u0670\u06D6-\u06ED]/gu;
const LETTERS = {
  "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
  "ک": "ك", "ی": "ي", "ي": "ي",
};
const ARABIC = /[\u0600-\u06FF]/;

function foldLetters(word) {
  return word
    .normalize("NFKC")
    .replace(MARKS, "")
    .replace(/[أإآٱىةؤئکی]/g, (c) => LETTERS[c])
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06F0))
    .toLowerCase();
}

// light10, on text already folded (so ة is ه, أ/إ/آ are ا, ى is ي)
const PREFIXES = ["وال", "بال", "كال", "فال", "لل", "ال"];
const SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

function light10(word) {
  if (word.length > 3 && word.startsWith("و")) word = word.slice(1);
  for (const p of PREFIXES) {
    if (word.startsWith(p) && word.length - p.length >= 2) {
      word = word.slice(p.length);
      break;
    }
  }
  for (const s of SUFFIXES) {
    if (word.length > 2 && word.endsWith(s) && word.length - s.length >= 2) word = word.slice(0, -s.length);
  }
  return word;
}

// Measuring only (tests/site/search_harness.mjs): "&arabic=lunr" stems Arabic with
// lunr-languages' root stemmer, "&arabic=none" only folds the letters.
const ARABIC_STEMMER = params.get("arabic") || "light10";

function stemArabic(word) {
  if (ARABIC_STEMMER === "none") return word;
  if (ARABIC_STEMMER === "lunr") return self.lunr.ar.stemmer(new self.lunr.Token(word)).toString() || word;
  return light10(word);
}

function fold(word) {
  const folded = foldLetters(word);
  if (ARABIC.test(folded)) return stemArabic(folded);
  if (/^[a-z]+$/.test(folded) && self.lunr && self.lunr.stemmer) {
    return self.lunr.stemmer(new self.lunr.Token(folded)).toString();
  }
  return folded;
}

// ---------------------------------------------------------------------------------- synonyms
// key (folded by `fold`) -> words added to the query; the pages' own words, in the page's language
const SYNONYMS_SOURCE = {
  ar: {
    "خادمة": "العمالة المنزلية", "خادم": "العمالة المنزلية", "خدم": "العمالة المنزلية",
    "شغالة": "العمالة المنزلية", "سائق": "العمالة المنزلية", "عاملة": "العمالة المنزلية",
    "كفيل": "صاحب العمل", "الكفالة": "صاحب العمل", "كفالة": "صاحب العمل",
    "تأشيرة": "الزيارة", "فيزا": "الزيارة", "زائر": "الزيارة",
    "sadad": "سداد", "sahel": "سهل", "knet": "كي نت", "absher": "أبشر", "muqeem": "مقيم",
    "iqama": "الإقامة", "moi": "الداخلية", "visa": "الزيارة", "visit": "الزيارة",
    "التأخير": "التأخر", "تأخير": "التأخر", "متأخر": "التأخر",
    "مرافق": "التابعين", "مرافقين": "التابعين", "عائلة": "الأسرة", "عائلي": "الأسرة",
  },
  en: {
    "maid": "domestic worker", "housemaid": "domestic worker", "servant": "domestic worker",
    "driver": "domestic worker", "nanny": "domestic worker", "helper": "domestic worker",
    "kafeel": "sponsor employer", "kafala": "sponsor employer",
    "family": "dependant", "wife": "dependant", "children": "dependant",
    "knet": "k-net", "deported": "deportation",
    "إقامة": "iqama residency", "غرامة": "fine", "أبشر": "absher", "تجديد": "renewal",
  },
};
let SYNONYMS = null;
function synonyms() {
  if (!SYNONYMS) {
    SYNONYMS = new Map();
    for (const [key, words] of Object.entries(SYNONYMS_SOURCE[LANG])) SYNONYMS.set(fold(key), words);
  }
  return SYNONYMS;
}

const EXACT_BOOST = 4;

// A query as Material expects it, each word folded; a word's synonyms appended.
function foldQuery(query) {
  const added = [];
  const out = query.replace(/([+-]?)([^\s"+]+)/gu, (all, sign, word) => {
    const trail = /[*~^][\d.]*$/.exec(word);
    const core = trail ? word.slice(0, trail.index) : word;
    const folded = core.split(/(-)/).map((part) => (part === "-" ? part : fold(part))).join("");
    const extra = synonyms().get(fold(core.replace(/-/g, ""))) || synonyms().get(folded);
    if (extra && sign !== "-") added.push(...extra.split(" ").map(fold));
    if (sign || trail || !folded) return sign + folded + (trail ? trail[0] : "");
    // the whole word, weighted, and any longer word it begins (Material adds the "*")
    return `${folded}^${EXACT_BOOST} ${folded}`;
  });
  return added.length ? `${out} ${added.join(" ")}` : out;
}

// ------------------------------------------------------------------------- index pipeline
function installPipeline(lunr) {
  const iqFold = (token) => token.update((text) => fold(text));
  lunr.Pipeline.registerFunction(iqFold, "iqFold");
  const add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.iqFolded) {
      this.iqFolded = true;
      // Our light stemmer instead of lunr-languages' root stemmer for Arabic
      if (lunr.ar && lunr.ar.stemmer) this.pipeline.remove(lunr.ar.stemmer);
      if (lunr.ar && lunr.ar.stemmer) this.searchPipeline.remove(lunr.ar.stemmer);
      if (lunr.stemmer) this.pipeline.remove(lunr.stemmer);
      if (lunr.stemmer) this.searchPipeline.remove(lunr.stemmer);
      this.pipeline.add(iqFold);
      // the query is folded before Material sees it (foldQuery): not a second time here
    }
    return add.call(this, doc, attributes);
  };
}

// --------------------------------------------------------------------------------- messages
function ownLanguage(location) {
  const english = location === "en/" || location.startsWith("en/");
  return LANG === "en" ? english : !english;
}

let ready = false;
let pending = null; // the last query sent before the index was ready
const materialPost = self.postMessage.bind(self);

self.postMessage = (message, ...rest) => {
  if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
    message.data.items = message.data.items.filter((group) => group.length && ownLanguage(group[0].location));
  }
  materialPost(message, ...rest);
  if (message && message.type === READY) {
    ready = true;
    if (pending !== null) {
      const data = pending;
      pending = null;
      self.dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data } }));
    }
  }
};

self.addEventListener("message", (event) => {
  const message = event.data;
  if (!message || message.type !== QUERY || typeof message.data !== "string") return;
  if (message.iqFolded) return;
  if (!ready) {
    pending = message.data;
    event.stopImmediatePropagation();
    return;
  }
  message.data = foldQuery(message.data);
  message.iqFolded = true;
});

importScripts(MATERIAL);
installPipeline(self.lunr);
