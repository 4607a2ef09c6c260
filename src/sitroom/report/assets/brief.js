/* The situation brief's behaviour: the article view (a citation opens its article with
   the cited sentence highlighted and scrolled into view) and tooltips. Article text is
   untrusted: it only ever enters the page as text nodes, never as markup. */
(function () {
  "use strict";

  var dataNode = document.getElementById("brief-data");
  var DATA = dataNode ? JSON.parse(dataNode.textContent) : { articles: {}, cites: {} };
  var ARTICLES = DATA.articles || {};
  var CITES = DATA.cites || {};

  var view = document.getElementById("article-view");
  var titleEl = document.getElementById("av-title");
  var metaEl = document.getElementById("av-meta");
  var bodyEl = document.getElementById("av-body");
  var posEl = document.getElementById("av-pos");
  var tip = document.getElementById("tip");
  var current = { article: null, cites: [], index: -1 };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Split the body into paragraphs and, inside each, into runs that share the same
  // citations; a run inside a cited sentence becomes a <mark>.
  function renderBody(article) {
    var body = article.body;
    var marks = article.marks || [];
    var frag = document.createDocumentFragment();
    var cuts = {};
    marks.forEach(function (m) { cuts[m[0]] = cuts[m[1]] = cuts[m[2]] = cuts[m[3]] = true; });
    var start = 0;
    while (start <= body.length) {
      var nl = body.indexOf("\n", start);
      var end = nl === -1 ? body.length : nl;
      var p = el("p");
      var points = [start, end];
      Object.keys(cuts).forEach(function (k) {
        var v = +k;
        if (v > start && v < end) points.push(v);
      });
      points.sort(function (a, b) { return a - b; });
      for (var i = 0; i + 1 < points.length; i++) {
        var a = points[i], b = points[i + 1];
        if (a === b) continue;
        var sentences = [], facts = [];
        marks.forEach(function (m) {
          if (m[0] <= a && b <= m[1]) sentences.push(m[4]);
          if (m[2] <= a && b <= m[3]) facts.push(m[4]);
        });
        marks.forEach(function (m) {
          if (m[0] === a) {
            var anchor = el("span", "anchor");
            anchor.setAttribute("data-anchor", m[4]);
            p.appendChild(anchor);
          }
        });
        var text = body.slice(a, b);
        if (sentences.length || facts.length) {
          var mk = el("mark", "cited" + (facts.length ? " fact" : ""), text);
          mk.setAttribute("data-s", sentences.concat(facts).join(" "));
          if (facts.length) mk.setAttribute("data-f", facts.join(" "));
          p.appendChild(mk);
        } else {
          p.appendChild(document.createTextNode(text));
        }
      }
      if (end > start) frag.appendChild(p);
      if (nl === -1) break;
      start = nl + 1;
    }
    return frag;
  }

  function citesOf(name) {
    var art = ARTICLES[name];
    if (!art) return [];
    var seen = {}, out = [];
    (art.marks || []).forEach(function (m) {
      if (!seen[m[4]]) { seen[m[4]] = true; out.push(m[4]); }
    });
    return out;
  }

  function openArticle(name, citeId) {
    var art = ARTICLES[name];
    view.hidden = false;
    bodyEl.textContent = "";
    if (!art) {
      titleEl.textContent = name;
      metaEl.textContent = "";
      var c = citeId ? CITES[citeId] : null;
      if (c && c.t) {
        var p = el("p");
        p.appendChild(el("mark", "cited active", c.t));
        bodyEl.appendChild(p);
      }
      bodyEl.appendChild(el("p", "missing", "The text of this article is not included in the brief; see facts.jsonl."));
      current = { article: name, cites: [], index: -1 };
      posEl.textContent = "";
      return;
    }
    titleEl.textContent = art.title;
    metaEl.textContent = [art.outlet, art.published, name].filter(Boolean).join(" · ");
    bodyEl.appendChild(renderBody(art));
    current = { article: name, cites: citesOf(name), index: -1 };
    if (citeId) {
      activate(citeId);
    } else {
      bodyEl.scrollTop = 0;
      posEl.textContent = current.cites.length + " cited passage" + (current.cites.length === 1 ? "" : "s");
    }
    view.focus({ preventScroll: true });
  }

  function activate(citeId) {
    var marks = bodyEl.querySelectorAll("mark.cited");
    var first = null;
    for (var i = 0; i < marks.length; i++) {
      var ids = (marks[i].getAttribute("data-s") || "").split(" ");
      var factIds = (marks[i].getAttribute("data-f") || "").split(" ");
      var on = ids.indexOf(citeId) !== -1;
      marks[i].classList.toggle("active", on);
      marks[i].classList.toggle("active-fact", factIds.indexOf(citeId) !== -1);
      marks[i].classList.remove("flash");
      if (on && !first) first = marks[i];
    }
    current.index = current.cites.indexOf(citeId);
    posEl.textContent = current.index >= 0
      ? "citation " + (current.index + 1) + " of " + current.cites.length + " in this article"
      : "";
    if (first) {
      first.scrollIntoView({ block: "center" });
      void first.offsetWidth;
      first.classList.add("flash");
    }
  }

  function openCite(citeId) {
    var c = CITES[citeId];
    if (!c) return;
    if (current.article === c.a && !view.hidden) activate(citeId);
    else openArticle(c.a, citeId);
    document.querySelectorAll('a.cite[data-cite="' + citeId + '"]').forEach(function (a) {
      a.classList.add("visited");
    });
  }

  function closeView() {
    view.hidden = true;
    current = { article: null, cites: [], index: -1 };
  }

  function step(delta) {
    if (!current.cites.length) return;
    var i = current.index + delta;
    if (i < 0) i = current.cites.length - 1;
    if (i >= current.cites.length) i = 0;
    activate(current.cites[i]);
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) return;
    var citeEl = target.closest("[data-cite]");
    tip.hidden = true;
    if (citeEl) {
      ev.preventDefault();
      openCite(citeEl.getAttribute("data-cite"));
      return;
    }
    var artEl = target.closest("[data-article]");
    if (artEl) {
      ev.preventDefault();
      openArticle(artEl.getAttribute("data-article"), null);
    }
  });
  document.getElementById("av-close").addEventListener("click", closeView);
  document.getElementById("av-prev").addEventListener("click", function () { step(-1); });
  document.getElementById("av-next").addEventListener("click", function () { step(1); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !view.hidden) closeView();
  });

  // Tooltips: the source sentence of a citation, the details of a map place or a day.
  function showTip(text, x, y) {
    tip.textContent = text;
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8);
    var top = y + 16 + h > window.innerHeight ? y - h - 12 : y + 16;
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = Math.max(8, top) + "px";
  }

  function tipText(node) {
    if (node.hasAttribute("data-tip")) return node.getAttribute("data-tip");
    if (node.classList.contains("cite")) {
      var c = CITES[node.getAttribute("data-cite")];
      if (!c) return "";
      var art = ARTICLES[c.a];
      var sentence = c.t || (art ? art.body.slice(c.s[0], c.s[1]) : "");
      if (sentence.length > 280) sentence = sentence.slice(0, 279) + "…";
      var where = art ? [art.outlet || c.a, art.published].filter(Boolean).join(", ") : c.a;
      return where + ": “" + sentence + "”";
    }
    return "";
  }

  document.addEventListener("mouseover", function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) return;
    var node = target.closest("[data-tip], a.cite");
    if (!node) { tip.hidden = true; return; }
    var text = tipText(node);
    if (text) showTip(text, ev.clientX, ev.clientY); else tip.hidden = true;
  });
  document.addEventListener("mousemove", function (ev) {
    if (!tip.hidden) showTip(tip.textContent, ev.clientX, ev.clientY);
  });
  document.addEventListener("scroll", function () { tip.hidden = true; }, { passive: true });

  // A link such as brief.html#c12 opens that citation.
  if (location.hash && CITES[location.hash.slice(1)]) openCite(location.hash.slice(1));
})();
