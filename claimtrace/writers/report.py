"""`claimtrace report`: one self-contained HTML file to review a batch in a browser.

No network and no CDN: the CSS and the little JavaScript are inline. Per document: a summary
with a bar chart (inline SVG), the text with every claim highlighted (cited, uncited, flagged),
markers that jump to their reference entry and back, a hover card with the entry, the score and
`why`, filters by kind and status, and the keys `n` / `p` to step through uncited claims.
Everything from a document is HTML-escaped; the page reads the same in print.
"""

from __future__ import annotations

import html
from typing import Any

from ..ledger import DocumentLedger, Kind, Record, Summary
from . import WholeDocumentWriter, link_target

_CSS = """
:root{--cited:#d8f0dc;--uncited:#fde2cf;--flagged:#f9d0d9;--ink:#1d2430;--muted:#5c6675}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fafbfc}
header.top{position:sticky;top:0;background:#fff;border-bottom:1px solid #dde1e6;padding:.5rem 1rem;z-index:2}
header.top h1{font-size:1.1rem;margin:0 0 .3rem}
.filters label{margin-right:.8rem;font-size:.9rem;white-space:nowrap}
main{max-width:60rem;margin:0 auto;padding:1rem}
section.doc{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:1rem 1.5rem;margin-bottom:2rem}
.stats{display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap;font-size:.95rem}
.stats dl{display:grid;grid-template-columns:auto auto;gap:.1rem .8rem;margin:0}
.stats dt{color:var(--muted)} .stats dd{margin:0;font-weight:600}
.s.claim.cited{background:var(--cited)} .s.claim.uncited{background:var(--uncited)}
.s.flagged{background:var(--flagged);outline:1px dashed #c0394f}
.s.current{outline:2px solid #2456c7}
.s{border-radius:3px;cursor:default}
a.m{color:#2456c7;text-decoration:none;font-size:.85em;vertical-align:super}
a.out{color:#2456c7;overflow-wrap:anywhere}
.m.missing{color:#b3261e;font-size:.85em;vertical-align:super;text-decoration:line-through}
.m[data-style=superscript],.m[data-style=author_year]{vertical-align:baseline;font-size:1em}
dd.missing{color:#b3261e}
ol.refs li:target{background:#fff3bf}
ol.refs li,a.m,.s{scroll-margin-top:9rem}
ol.refs .back{font-size:.85em;margin-left:.4rem}
#card{position:absolute;display:none;max-width:28rem;background:#fff;border:1px solid #c5ccd6;border-radius:6px;
 box-shadow:0 4px 14px rgba(0,0,0,.15);padding:.5rem .7rem;font-size:.85rem;z-index:5}
.hidden-kind,.hidden-status{background:none!important;outline:none!important}
.legend span{padding:0 .4rem;border-radius:3px;margin-right:.4rem}
@media print{header.top,#card{display:none} section.doc{border:none} .s.claim.uncited{text-decoration:underline wavy #c05a00}}
"""

_JS = """
(function(){
  const card=document.getElementById('card');
  document.addEventListener('mouseover',e=>{
    const s=e.target.closest('.s'); if(!s){card.style.display='none';return;}
    const parts=[];
    if(s.dataset.score!==undefined) parts.push('<b>score</b> '+s.dataset.score+(s.dataset.claim==='1'?' · claim':' · not a claim'));
    if(s.dataset.why) parts.push('<b>why</b> '+escapeHtml(s.dataset.why));
    if(s.dataset.src) parts.push('<b>sources</b><br>'+escapeHtml(s.dataset.src).replace(/ \\| /g,'<br>'));
    if(s.dataset.flags) parts.push('<b>flags</b> '+escapeHtml(s.dataset.flags));
    card.innerHTML=parts.join('<br>'); card.style.display='block';
    const r=s.getBoundingClientRect(); card.style.left=(window.scrollX+r.left)+'px'; card.style.top=(window.scrollY+r.bottom+4)+'px';
  });
  function escapeHtml(t){return t.replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
  function apply(){
    const kinds=new Set([...document.querySelectorAll('input[data-kind]:checked')].map(i=>i.dataset.kind));
    const status=new Set([...document.querySelectorAll('input[data-status]:checked')].map(i=>i.dataset.status));
    document.querySelectorAll('.s').forEach(s=>{
      s.classList.toggle('hidden-kind',!kinds.has(s.dataset.kind));
      s.classList.toggle('hidden-status',!status.has(s.dataset.status));
    });
  }
  document.querySelectorAll('.filters input').forEach(i=>i.addEventListener('change',apply));
  let at=-1;
  document.addEventListener('keydown',e=>{
    if(e.target.tagName==='INPUT'||(e.key!=='n'&&e.key!=='p')) return;
    const list=[...document.querySelectorAll('.s.claim.uncited')]; if(!list.length) return;
    if(at>=0&&list[at]) list[at].classList.remove('current');
    at=e.key==='n'?(at+1)%list.length:(at-1+list.length)%list.length;
    list[at].classList.add('current'); list[at].scrollIntoView({block:'center'});
  });
})();
"""


# How the report names a marker's style in its tooltip (`Marker.style`).
_STYLE_TITLES = {"bracket": "bracketed number", "superscript": "superscript number", "author_year": "author-year citation"}


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _a(href: str, text: str) -> str:
    """An outgoing link: a new tab that gets neither this page (`noopener`) nor its address."""
    return f"<a class=\"out\" href=\"{_e(href)}\" target=\"_blank\" rel=\"noopener noreferrer\">{_e(text)}</a>"


def _linked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` escaped, with each `(start, end, href)` span an outgoing link (overlaps skipped)."""
    out, pos = [], 0
    for start, end, href in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        out += [_e(text[pos:start]), _a(href, text[start:end])]
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def reference_html(ref: Any) -> str:
    """A reference entry's text with its URLs and DOI as links (those not in the text after it)."""
    text, spans, extra = ref.text, [], []
    targets = [(url, url) for url in ref.urls] + ([(ref.doi, "doi:" + ref.doi)] if ref.doi else [])
    for shown, url in targets:
        href = link_target(url)
        if href is None:
            continue
        at = text.find(shown)
        if at >= 0:
            spans.append((at, at + len(shown), href))
        elif href not in (h for _, _, h in spans):
            extra.append(" " + _a(href, shown if shown.startswith(("http", "//")) else "doi:" + shown))
    return _linked(text, spans) + "".join(extra)


def _status(r: Record) -> str:
    if r.flags:
        return "flagged"
    if not r.is_claim:
        return "other"
    return "cited" if r.is_cited else "uncited"


class ReportWriter(WholeDocumentWriter):
    """The review report; every record of every document (not only the default rows)."""

    ledger_only = "html"

    def begin(self) -> None:
        self.docs = 0
        self.stream.write(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>claimtrace report</title><style>{_CSS}</style></head><body>"
            "<header class=\"top\"><h1>claimtrace report</h1><div class=\"filters\">"
            + "".join(f"<label><input type=\"checkbox\" data-status=\"{s}\" checked> {s}</label>"
                      for s in ("cited", "uncited", "flagged", "other"))
            + " · "
            + "".join(f"<label><input type=\"checkbox\" data-kind=\"{k.value}\" checked> {k.value}</label>"
                      for k in Kind if k is not Kind.HEADING)
            + "</div><div class=\"legend\"><span style=\"background:var(--cited)\">cited claim</span>"
            "<span style=\"background:var(--uncited)\">uncited claim</span>"
            "<span style=\"background:var(--flagged)\">flagged</span> · keys <kbd>n</kbd>/<kbd>p</kbd>: next/previous uncited claim</div>"
            "</header><main>"
        )

    def document(self, ledger: DocumentLedger) -> None:
        d = self.docs
        self.docs += 1
        s = ledger.summary
        self.entries = {ref.number for ref in ledger.references}
        out = [f"<section class=\"doc\" id=\"doc{d}\" data-doc=\"{_e(ledger.doc)}\"><h2>{_e(ledger.doc)}</h2>",
               self._stats(d, s, ledger)]
        paragraph = None
        for r in ledger.records:
            if r.kind is Kind.HEADING:
                if paragraph is not None:
                    out.append("</p>")
                    paragraph = None
                out.append(f"<h3>{_e(r.text)}</h3>")
                continue
            if r.paragraph != paragraph:
                if paragraph is not None:
                    out.append("</p>")
                out.append("<p>")
                paragraph = r.paragraph
            out.append(self._sentence(d, r) + " ")
        if paragraph is not None:
            out.append("</p>")
        if ledger.references:
            out.append("<h3>References</h3><ol class=\"refs\">")
            cited_at: dict[int, str] = {}
            for r in ledger.records:
                for m in r.markers:
                    for n in m.numbers:
                        cited_at.setdefault(n, f"d{d}-m{m.start}")
            for ref in ledger.references:
                back = (f"<a class=\"back\" href=\"#{cited_at[ref.number]}\" title=\"back to the text\">↩</a>"
                        if ref.number in cited_at else "")
                out.append(f"<li value=\"{ref.number}\" id=\"d{d}-ref{ref.number}\">{reference_html(ref)}{back}</li>")
            out.append("</ol>")
        out.append("</section>")
        self.stream.write("".join(out))

    def _stats(self, d: int, s: Summary, ledger: DocumentLedger) -> str:
        bars = (("cited", s.cited_claims, "var(--cited)"), ("uncited", s.uncited_claims, "var(--uncited)"),
                ("flagged", s.flagged, "var(--flagged)"))
        top = max([b[1] for b in bars] + [1])
        svg = "".join(
            f"<rect x=\"0\" y=\"{i * 22}\" width=\"{160 * n / top:.1f}\" height=\"18\" fill=\"{color}\" stroke=\"#8a94a3\"/>"
            f"<text x=\"{160 * n / top + 6:.1f}\" y=\"{i * 22 + 14}\" font-size=\"12\">{label} {n}</text>"
            for i, (label, n, color) in enumerate(bars)
        )
        fields = (("sentences", s.sentences), ("claims", s.claims), ("cited claims", s.cited_claims),
                  ("uncited claims", s.uncited_claims), ("markers", s.markers), ("links", s.links),
                  ("flagged", s.flagged), ("reference entries", len(ledger.references)))
        dl = "".join(f"<dt>{name}</dt><dd data-count=\"{name.replace(' ', '_')}\">{n}</dd>" for name, n in fields)
        report = ledger.integrity
        if report is not None and report.missing_entries:
            shown = ", ".join(map(str, report.missing_entries[:30])) + (" …" if len(report.missing_entries) > 30 else "")
            what = "cited, no list found" if not report.reference_list else "cited but missing from the list"
            dl += f"<dt>{what}</dt><dd class=\"missing\" data-count=\"missing_entries\">{_e(shown)}</dd>"
        return (f"<div class=\"stats\"><dl>{dl}</dl><svg width=\"260\" height=\"66\" role=\"img\" "
                f"aria-label=\"claims by status\">{svg}</svg></div>")

    def _sentence(self, d: int, r: Record) -> str:
        text = r.text
        pieces, pos = [], 0
        spans: list[tuple[int, int, Any]] = [(m.start, m.end, m) for m in r.markers if m.scope == "sentence"]
        spans += [(link.start, link.end, link) for link in r.links if link_target(link.url)]
        for first, last, item in sorted(spans, key=lambda span: span[:2]):
            start, end = first - r.start, last - r.start
            if start < pos or end > len(text) or start < 0:
                continue
            pieces.append(_e(text[pos:start]))
            pos = end
            if not hasattr(item, "numbers"):  # a cited web link
                pieces.append(_a(link_target(item.url) or "", text[start:end]))
                continue
            target = next((n for n in item.numbers if n in self.entries), None)
            if target is None:  # nothing to jump to: say so instead of a dead link
                pieces.append(f"<span class=\"m missing\" id=\"d{d}-m{item.start}\" data-style=\"{item.style}\" "
                              f"title=\"{_STYLE_TITLES.get(item.style, item.style)}: no entry in the list\">{_e(text[start:end])}</span>")
            else:
                pieces.append(f"<a class=\"m\" id=\"d{d}-m{item.start}\" href=\"#d{d}-ref{target}\" data-style=\"{item.style}\" "
                              f"title=\"{_STYLE_TITLES.get(item.style, item.style)}: entry {target}\">{_e(text[start:end])}</a>")
        pieces.append(_e(text[pos:]))
        status = _status(r)
        classes = ["s", status] + (["claim"] if r.is_claim else []) + (["flagged"] if r.flags else [])
        if r.is_claim:
            classes.append("cited" if r.is_cited else "uncited")
        data = {"kind": r.kind.value, "status": status, "claim": "1" if r.is_claim else "0",
                "why": r.why, "src": " | ".join(r.sources), "flags": ", ".join(r.flags)}
        if r.score is not None:
            data["score"] = f"{r.score:.2f}"
        attrs = " ".join(f"data-{k}=\"{_e(v)}\"" for k, v in data.items() if v != "")
        return f"<span class=\"{' '.join(dict.fromkeys(classes))}\" id=\"d{d}-s{r.start}\" {attrs}>{''.join(pieces)}</span>"

    def end(self, summary: Summary) -> None:
        self.stream.write(
            "</main><div id=\"card\" role=\"tooltip\"></div>"
            f"<footer style=\"text-align:center;color:#5c6675;font-size:.8rem;padding:1rem\">"
            f"{summary.documents} document{'' if summary.documents == 1 else 's'}, {summary.claims} claims, {summary.uncited_claims} uncited</footer>"
            f"<script>{_JS}</script></body></html>\n"
        )
