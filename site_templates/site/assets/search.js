// The site's search worker. Material's search box, results panel, labels and highlighting are
// kept as they are and talk to this worker in Material's own protocol (setup, ready, query,
// result); the answers come from Pagefind, which fetches only the index chunks and the result
// fragments a query needs, so the first result costs the same on a site of 50 or 5,000 SOPs.
//
// Vietnamese: every query word must match, with or without its diacritics (the spec's folding:
// no tones, đ -> d, any case); results that match the words exactly as typed come first, and
// among those, results whose title matches come before results that match in the text only.
// The build indexed đ as ď (see generator/write/search.py), so a query is spelt the same way
// and ď is turned back into đ in everything shown.

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

// Results shown; Pagefind fetches one small fragment per result shown, never the others.
const SHOWN = 20
// Sections shown under a result; the others are folded under "more" by Material.
const SECTIONS = 2

// This file is served from assets/handbook/, two folders below the site's root.
const ROOT = new URL("../../", self.location.href)

let pagefind = null
// Whether Pagefind stems the site's language (Vietnamese: no), from Material's search settings.
let stemmed = false

const WORD = /[\p{L}\p{N}]+/gu

function indexedForm(text) {
  return text.normalize("NFC").replace(/đ/g, "ď").replace(/Đ/g, "Ď")
}

function shown(text) {
  return text.replace(/ď/g, "đ").replace(/Ď/g, "Đ")
}

// The spec's folding (the same as slugs): no combining marks, đ -> d, lowercase.
function fold(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase()
}

function exact(word) {
  return word.normalize("NFC").toLowerCase()
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

// A word of the page matches a query word when it starts with it, folded or exactly: Pagefind
// matches prefixes, since the user may still be typing.
function matches(word, term, how) {
  return how(word).startsWith(how(term))
}

function everyTermIn(words, terms, how) {
  return terms.every(term => words.some(word => matches(word, term, how)))
}

// Title with the matched words marked, as Material's own results show them. Material inserts
// titles and texts as HTML: titles are escaped here, Pagefind's excerpts escape < and > itself.
function markedTitle(title, terms) {
  return title.split(/(\s+)/).map(piece => {
    const hit = (piece.match(WORD) || []).some(word => terms.some(t => matches(word, t, fold)))
    return hit ? `<mark>${escapeHTML(piece)}</mark>` : escapeHTML(piece)
  }).join("")
}

// The words of the page, as written, that the query words stand for: Material highlights
// these on the page it opens (its own highlighter compares letters exactly). A word counts when
// it folds to the query word, or starts with the last one (still being typed).
function highlightTerms(words, terms) {
  const found = {}
  terms.forEach((term, index) => {
    const wanted = fold(term)
    const typing = index === terms.length - 1
    const forms = words.filter(word => {
      const folded = fold(word)
      return folded === wanted || (typing && folded.startsWith(wanted))
    })
    for (const form of forms.length ? forms : [term])
      found[form.toLowerCase()] = true
  })
  return found
}

function sitePath(url) {
  return url.replace(/^\//, "")
}

// How a result ranks before Pagefind's own score: exact words before folded ones, then a title
// match before a match in the text only.
function tier(data, terms) {
  const title = shown(data.meta.title || "").match(WORD) || []
  const text = shown(data.content).match(WORD) || []
  const all = title.concat(text)
  const isExact = everyTermIn(all, terms, exact)
  const inTitle = everyTermIn(title, terms, isExact ? exact : fold)
  return (isExact ? 0 : 2) + (inTitle ? 0 : 1)
}

function items(data, terms, score) {
  const title = shown(data.meta.title || data.url)
  const words = (shown(title) + " " + shown(data.content)).match(WORD) || []
  const highlight = highlightTerms(words, terms)
  const page = {
    location: sitePath(data.url),
    title: markedTitle(title, terms),
    text: shown(data.excerpt),
    score,
    terms: highlight,
  }
  const sections = data.sub_results
    .filter(section => section.url.includes("#") && section.locations.length)
    .sort((a, b) => b.locations.length - a.locations.length)
    .map((section, index) => ({
      location: sitePath(section.url),
      title: markedTitle(shown(section.title), terms),
      text: shown(section.excerpt),
      // Material shows the sections scored like their page and folds the others.
      score: index < SECTIONS ? score : score / 2,
      terms: highlight,
    }))
  return [page, ...sections]
}

async function setup() {
  pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href)
  await pagefind.options({
    baseUrl: "/",
    excerptLength: 24,
    // This already is a worker: Pagefind need not start another one.
    noWorker: true,
  })
  await pagefind.init()
}

// The results where every query word matches, as Pagefind matches a word (folded, as a prefix,
// by its stem in English). Pagefind answers a query of several words with the pages that have
// all of them, but drops a word it finds nowhere and answers the others; and where no indexed
// word starts with a query word, it falls back to the longest indexed word the query word starts
// with ("tuyet" -> "tu"): a stand-in for a stem in English, a different word in Vietnamese
// (Pagefind has no stemmer for it). When the best result has a word starting with each query
// word, no word was dropped or replaced, and the answer stands: one search, not one per word
// (each costs a pass over the word's pages: 0.4 s of 0.8 s at 5,000 SOPs in headless Chromium
// on a 2-core machine).
async function everyWord(terms) {
  const found = await pagefind.search(indexedForm(terms.join(" ")))
  if (!found.results.length || await hasEveryTerm(found.results[0], terms))
    return found.results
  if (!stemmed)
    return []
  // English: the best result may match a word by its stem only; ask word by word.
  const perTerm = await Promise.all(terms.map(term => pagefind.search(indexedForm(term))))
  const sets = perTerm.map(each => new Set(each.results.map(result => result.id)))
  return found.results.filter(result => sets.every(set => set.has(result.id)))
}

// Whether the result has a word starting with each query word (its fragment is one the results
// fetch anyway).
async function hasEveryTerm(result, terms) {
  const data = await result.data()
  const words = (shown(data.meta.title || "") + " " + shown(data.content)).match(WORD) || []
  return terms.every(term => words.some(word => matches(word, term, fold)))
}

async function search(query) {
  const terms = (query.match(WORD) || [])
  if (!terms.length)
    return { items: [] }
  const results = await everyWord(terms)
  const loaded = await Promise.all(results.slice(0, SHOWN).map(result => result.data()))
  const ranked = loaded
    .map((data, index) => ({ data, index, tier: tier(data, terms) }))
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
  return { items: ranked.map(({ data }, index) => items(data, terms, SHOWN - index)) }
}

// Material sends a query on every key; an answer is posted only if no newer query came in
// meanwhile, so a slow early answer never replaces a later one.
let ready = null
let latest = 0

addEventListener("message", async event => {
  const message = event.data
  if (message.type === SETUP) {
    stemmed = !message.data.config.lang.includes("vi")
    ready = ready || setup()
    await ready
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    const id = ++latest
    let result = { items: [] }
    try {
      await ready
      result = await search(message.data)
    } catch (error) {
      console.warn(error)
    }
    if (id === latest)
      postMessage({ type: RESULT, data: result })
  }
})
