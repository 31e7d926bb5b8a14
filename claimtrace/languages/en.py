"""English: every word list and every word-bound pattern claimtrace reads English text with.

Grouped by the stage that reads them. Each entry names the case that motivated it; the stages
import what they need by name (`from .languages.en import NEVER_FINAL as _NEVER_FINAL`). Patterns
are compiled here once, at import; a pattern that also needs a language-neutral piece (the year
pattern of `text.py`) is given its English words here and composed where it is used.

Changing a kind or claim cue word changes what the claim model reads: bump `kinds.CUES_VERSION`
and retrain (docs/architecture.md, "A new kind").
"""

from __future__ import annotations

import re

CODE = "en"

# ---------------------------------------------------------------------------------------------
# Sentence ends (`sentences`, `blocks`, `readers/pdf.py`)

# What ends a sentence, what may close it after that and still belong to it (`.”`, `?)`,
# `!’”`), and what may open one before its first word.
SENTENCE_END_MARKS = ".!?…"
CLOSING_MARKS = "\"'”’»)]"
OPENING_MARKS = "\"'“‘«(["
_END = f"[{re.escape(SENTENCE_END_MARKS)}]"
_CLOSE = f"[{re.escape(CLOSING_MARKS)}]"
# A run of terminators ("...", "…", "?!"), then closing quotes and brackets. One character set
# first, so that the engine can skip to the next terminator (`sentences.split_sentences`).
SENTENCE_END = re.compile(f"{_END}+{_CLOSE}*")
# A line that ends like a sentence: "…here.", "said.”", "(see above)." (a PDF line that ends a
# paragraph when it is short; trailing markers are taken off first).
LINE_ENDS_SENTENCE = re.compile(f"{_END}+{_CLOSE}*\\s*$")
# A line that ends like prose, not like a title: a sentence end, a colon, semicolon or comma
# (closers after it), or a dash: a line cut off mid-speech ("Well –", "I'll —" in transcripts) is
# no heading either (`blocks`).
LINE_ENDS_PROSE = re.compile(f"(?:[{re.escape(SENTENCE_END_MARKS)}:;,]{_CLOSE}*|\\s[-–—])\\s*$")

# Titles and other abbreviations that are (almost) never the last word of a sentence.
NEVER_FINAL = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col capt cmdr adm sgt maj cpl pvt fr rev hon pres
    st mt ft cf vs v e.g i.e approx ca dept univ assn bros messrs mme mlle esq ed eds trans al
    div pers""".split()
)
# Abbreviations only before a number: `No. 5`, `Fig. 3`, `pp. 12-14`, `Eq. (1)`, `Feb. 9`,
# `pl. 27` (a plate); "No." alone is a reply, "in Jan. The" ends a sentence.
BEFORE_NUMBER = frozenset(
    """no nos n° nº vol vols fig figs eq eqs ch chap sec sect pp p op art pl pls tab tabs ref refs para
    paras suppl nr jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Abbreviations that end a sentence only before a sentence opener: `Bacillus spp. were`,
# `(pers. comm.) and`, `var. alba`.
DOTTED_WORDS = frozenset("inc ltd co corp jr sr spp sp subsp var cv comm".split())
# Two-letter initials of a given name: `Marcel J. L. Th. Niekus`, `Wm. Smith`.
NAME_INITIALS = frozenset("Th Ch Ph Wm Jas Chas Geo Jos Thos Ed Fr".split())
# Words that, capitalized after an abbreviation, start a new sentence: `the U.S. This …`.
SENTENCE_OPENERS = frozenset(
    """the this that these those it its he she they we i you there here in on at as but and or
    so yet if when while after before since because although though however moreover
    furthermore meanwhile thus hence therefore nevertheless still also then now today
    a an his her their our my your what why how who where which many most some several
    for to with by from one two three during despite according""".split()
)
# Titles open a name, and a name after a dotted abbreviation opens a sentence (`… the U.S. Mr. Li`).
TITLES_OPENING = frozenset("mr mrs ms dr prof".split())
# A capitalised word after a clock time that continues its sentence (`at 6 p.m. EST today`).
TIME_ZONES = frozenset("ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST Eastern Central Pacific Mountain local".split())
# `“Why?” he asked` is caught by the lower-case rule; `“Sorry!” I say.` and `“Snap!” Pete
# said.` need this one: a quoted exclamation or question followed by its speech tag.
SPEECH_TAG = re.compile(
    r"(?:[A-Z][\w’'-]*\s+){1,3}(?:say|says|said|(?:ask|repl|shout|whisper|cr|call|add|answer|"
    r"continu|exclaim|mutter|yell|start|howl|laugh|sigh)(?:s|es|ies|ed|ied|d)?|told|tells?)\b"
)
# A clock time ending in `a.m.`/`p.m.` (any case) just before a full stop.
CLOCK_TIME_END = re.compile(r"\d\s?[aApP]\.\s?[mM]\.$")
# The words a sentence may open with before its time: `At 7 p.m.`, `By 9:30 a.m.`, `Shortly after 6 P.M.`
OPENING_TIME = re.compile(
    r"(?:(?:Shortly|Just|Soon|Sometime|Some time)\s+)?(?:At|By|Around|About|Until|Till|Before|After|From|Since|Near)"
    r"\s+(?:about\s+|around\s+|roughly\s+)?\d{1,2}(?:[:.]\d\d)?\s?[aApP]\.\s?[mM]\."
)
# A parenthetical author-page or page citation closing the sentence of a quotation:
# `"Bohr [...] used the analogy [...]" (Smith 55).`, `(Lee 12).`, `(p. 4).`, `(Smith et al., 2001, p. 7).`
CITATION_AFTER = re.compile(
    r"\((?:[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+|\s+et al\.)?,?\s+)?(?:\d{4}[a-z]?,\s*)?"
    r"(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?\)[.!?]"
)

# ---------------------------------------------------------------------------------------------
# Headings (`blocks`)

# Small words a title-case heading leaves in lower case ("Russia Applauded the Taliban").
HEADING_SMALL_WORDS = frozenset(
    "a an the and or nor but of in on at to for from by with as vs via per into onto over "
    "upon not than its".split()
)
# A Wikipedia section title copied as text keeps its edit link ("History[edit]", "Early life
# [ edit ]", "Reception[edit source]"): the title is read without it.
# Found from its `[` (a pattern opening with `\s*` retried at every space of a line: quadratic).
HEADING_EDIT_LINK = re.compile(r"\[\s*edit(?: source)?\s*\]$", re.IGNORECASE)

# ---------------------------------------------------------------------------------------------
# Which language a text is in (`language`), and the claim model's shape block (`scoring.features`)

# Common English function words: the test for English, and the words the claim model's shape
# block keeps as they are.
FUNCTION_WORDS = frozenset("""
a an the this that these those some any no every each all both either neither much many more
most less least few fewer several such what which who whom whose where when why how whether
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves one ones
is are was were be been being am do does did doing done have has had having will would shall
should can could may might must ought need dare 's 're 've 'd 'll n't not never it's isn't
don't i'm to of in on at by for with from about as into through over under after before
between against during without within along across behind beyond up down out off than like
since until upon via per and or but nor so yet if because although though while unless
whereas however therefore thus also too very just only even still already again ever there
here then now today other new same own yes please thanks thank hello hi oh well okay ok lol
let let's
""".split())

# ---------------------------------------------------------------------------------------------
# Kinds and form cues (`kinds`; the claim model reads the cues too)

# One word (lower case) -> the cue it gives, in this order (a later cue wins a word listed
# twice). Kind cues are named after their kind; the others (`first_person`, `hedge`, …) only
# inform the claim model. The number words are added last (`NUMBER_WORDS`).
CUE_WORDS: tuple[tuple[str, str], ...] = (
    ("causal", "cause causes caused causing because prevent prevents prevented preventing "
     "therefore consequently hence triggers triggered fuels fuelled fueled kills"),
    ("comparison", "than largest biggest highest lowest smallest greatest fastest slowest "
     "oldest youngest richest poorest longest shortest strongest weakest deadliest costliest "
     "hottest coldest wealthiest busiest outnumber outnumbers outnumbered exceeds exceeded "
     "surpassed surpasses ranked ranks twice cheaper quicker higher lower larger smaller "
     "greater bigger fewer older younger richer poorer longer shorter stronger weaker safer "
     "riskier faster slower wider narrower deeper heavier lighter"),
    ("attribution", "said says told tells stated claimed alleged alleges argued argues wrote "
     "writes announced announces declared testified insisted warned admitted denied "
     "acknowledged reported reportedly tweeted allegedly accused"),
    ("prediction", "will won't shall forecast forecasts ’ll 'll"),
    ("definition", "denotes denote"),
    ("opinion", "should shouldn't shouldn’t ought must unfortunately fortunately clearly "
     "obviously arguably hopefully sadly thankfully frankly honestly surely great terrible "
     "awful wonderful amazing beautiful horrible excellent fantastic disgraceful ridiculous "
     "stupid shameful disastrous incredible best worst love hate proud tremendous "
     "recommended recommend important remarkable unacceptable definitely absolutely outrageous"),
    ("first_person", "i me my mine we our us i'm i’m we're we’re"),
    ("second_person", "you your yours you're you’re"),
    ("negation", "not no never nothing nobody none n't isn't isn’t don't don’t doesn't "
     "doesn’t didn't didn’t can't can’t cannot"),
    ("modal", "may might could would can"),
    ("hedge", "maybe perhaps probably possibly likely seems seem apparently"),
    ("copula", "is are was were"),
    # Lexical hints that make the costlier pattern checks worth running.
    ("time_word", "january february march april june july august september october "
     "november december monday tuesday wednesday thursday friday saturday sunday yesterday "
     "tonight ago week month year weekend morning summer winter spring autumn fall night"),
    ("multiplied", "doubled tripled trebled quadrupled halved"),
    ("greeting", "thank thanks hello hi congratulations congrats welcome sorry please lol "
     "wow omg haha goodbye cheers"),
)
# Two words -> cue, for forms no single word carries ("according to", "due to", "compared with").
CUE_PAIRS: tuple[tuple[str, str], ...] = (
    ("causal", "leads to,lead to,led to,leading to,due to,owing to,results in,resulted in,"
     "result in,resulting in,linked to,tied to,attributed to,attributable to,associated with,"
     "responsible for,contributes to,contributed to,contribute to,contributing to,caused by,"
     "effect on,effects on,impact on,impacts on,influence on,thanks to,arising from,"
     "increases with,decreases with,correlated with,induced by,drive the,drives the"),
    ("comparison", "compared with,compared to,more likely,less likely,the most,the least,"
     "times more,times higher,times less,times as,as many,as much"),
    ("attribution", "according to,found that,find that,finds that,showed that,shows that,show that,"
     "suggest that,suggests that,suggested that,indicate that,indicates that,indicated that,"
     "estimated that,estimates that,concluded that,revealed that,reveals that,noted that,"
     "report that,reports that,confirmed that,believe that,claim that,claims that,say that,"
     "experts say,scientists say,officials say,study found,studies show,research shows,"
     "data show,data shows,survey found,poll found,predicted that,charged with,they believed,"
     "described as,describe as,describes as"),
    ("prediction", "going to,expected to,projected to,predicted to,likely to,set to,poised to,"
     "next year,next month,next week,is due,are due"),
    ("definition", "defined as,refers to,refer to,referred to,is called,are called,was called,"
     "known as,stands for,is termed,are termed,is denoted,is defined"),
    ("opinion", "i think,i believe,i feel,i guess,i hope,we think,we believe,we need,we must,"
     "in my,my view,my opinion,have to,need to"),
    ("multiplied", "per capita"),
)
# "is a type of", "was a kind of": a category ("what kind of service", "been a kind of mystery" are none).
CATEGORY_NOUNS = frozenset("type kind form species genus class family member variety".split())
# The suffixes the claim model's shape block keeps of a content word (`scoring.features`), in order.
SHAPE_SUFFIXES = ("ing", "ed", "ly", "s")
# Words that start an instruction ("Wash your hands.", "Let's go."): advice, an opinion.
IMPERATIVES = frozenset(
    "let let's let’s make take try please don't don’t do be get keep add use put remember "
    "check read click go stop avoid stay wash mix place cut open see visit follow note "
    "consider join share vote wear tell call help look imagine find enjoy start watch".split()
)
# Verbs in the past that date an event when a time is named (besides regular "-ed" forms).
PAST_FORMS = frozenset(
    "was were had did went came took made won lost began became died fell rose left met held "
    "told led gave got saw ran sold bought built broke hit struck wrote spent paid sent brought "
    "kept found born fought flew drove chose grew shot stole sank sat stood swore threw "
    "underwent withdrew".split()
)
# Words ending in "-ed" that are no past tense ("need", "speed", "hundred", "well-suited").
NOT_PAST = frozenset(
    "need speed seed feed indeed hundred bed red shed breed creed greed embed united based "
    "related limited detailed advanced sophisticated complicated dedicated distributed "
    "suited interested concerned required supposed used".split()
)
# The pronoun "I" as written: a capitalised word that is no name ("Will Smith" is one).
PRONOUN_I = frozenset(("I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll"))
# The words of a sentence as the cue lexicons are looked up by (ASCII words, ’ and 'll).
WORD_AS_WRITTEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|’ll|'ll")
# Numbers written as words, `|`-separated: "three countries", "dozens of".
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundreds|thousands|millions|billions|dozens|dozen|half"
)
# A word after a number that makes it a quantity: "40 km", "5 million", "3 times".
UNITS = frozenset(
    "% percent percentage points km kilometres kilometers kilometre kilometer mile miles mi m "
    "metres meters metre meter cm mm nm µm μm ft feet foot inch inches kg kilograms kilogram g "
    "grams gram mg µg μg ng lb lbs pound pounds ounce ounces oz ton tons tonne tonnes l litres "
    "liters litre liter ml gallon gallons gb mb tb kb gbps mbps byte bytes bit bits mph kph hz "
    "khz mhz ghz w kw mw gw kwh mwh gwh twh watt watts volt volts v °c °f ° degree degrees year "
    "years month months week weeks day days hour hours hrs minute minutes min mins second "
    "seconds ms times fold calories kcal acre acres hectare hectares ha ppm ppb mmhg mmol "
    "dollars dollar euros euro cents cent pence yen yuan rupees usd eur gbp bn million "
    "billion trillion thousand hundred per".split()
)
# A scale word belongs to the money it follows (`$5 million`).
SCALE_WORDS = frozenset("million millions billion billions trillion thousand thousands hundred".split())
# Words before a number that make it a name or a place in the text, not a quantity.
LOCATOR_WORDS = frozenset(
    "figure fig fig. figs table section chapter eq eq. equation page p p. pp pp. no no. number "
    "version step phase vol vol. volume issue article item line model grade level stage type "
    "class group room route highway ward district appendix supplementary covid sars h1n1 "
    "part act verse psalm chapter season episode round game".split()
)
# Plurals not ending in "s", and words ending in "s" that are none: "40 people", "3 series".
PLURAL_NOUNS = frozenset(
    "people men women children police staff cattle sheep deer fish personnel troops crew "
    "youth data".split()
)
NOT_PLURAL = frozenset(
    "this his has was is its does always perhaps as us yes thus less across whereas unless plus "
    "hers ours yours theirs various famous serious previous news series species means".split()
)
# A verb of change before a number makes it a quantity: "rose to 4.5".
CHANGE_BEFORE = re.compile(
    r"\b(?:rose|risen|fell|fallen|increased|decreased|grew|grown|declined|dropped|jumped|climbed|"
    r"surged|plunged|soared|reached|totalled|totaled|cut|raised)\b[^.;]{0,60}$",
    re.IGNORECASE,
)
# Sentence openers before a quantity, which "Python 3.6" must not be taken for.
QUANTITY_OPENERS = frozenset(
    "about around roughly nearly almost approximately some only just over under exactly at by to from "
    "of in with and but still another all the".split()
)
# A quoted title after these words is a name ("in “Retrieving the industrial sectors”").
TITLE_CUES = ("in", "titled", "entitled", "called", "named", "article", "book", "film", "song", "paper", "headline")
# A named time besides a year (`kinds` puts the year pattern first): its alternatives, and the
# letters they start with (tested first, so that the engine skips to a possible start).
NAMED_TIME = (
    r"(?:January|February|March|April|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|tonight)\b|May \d|(?:in|of|last|early|late) May\b|"
    r"(?:last|this|earlier this|next) (?:week|month|year|night|morning|summer|winter|spring|autumn|fall|weekend)\b"
)
NAMED_TIME_INITIALS = "JFMASONDTWytiolen"
TIME_AGO = re.compile(r"\b\w+ (?:years?|months?|weeks?|days?) ago\b")
# A cue word preceded by one of these words does not mean its cue: "rather than", "were expected to".
CUE_EXCEPTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (("than", ("rather", "other")), ("expected", ("was", "were")))
# "is a type of": the copula and article before a category noun (`CATEGORY_NOUNS`).
COPULAS = ("is", "are", "was", "were")
INDEFINITE_ARTICLES = ("a", "an")
# Units after a year-like number that still make it a quantity ("2019 km"); "in 2019 years" is rare.
UNITS_AFTER_YEAR = ("km", "kg", "%", "percent", "people")
# A past event is not dated by a time it only follows: "since 2019", "as of May", "until June".
NOT_DATING = ("since", "as of", "until")
# "X is a Y that …": a definition, unless X is a pronoun.
DEFINING = re.compile(
    r"^(?:The |An? )?(?!(?:It|This|That|These|Those|He|She|They|There|Here|What|Which|Who|We|I|You)\b)"
    r"[A-Z][\w’'\-]*(?: [\w’'\-]+){0,5} (?:is|are|was|were) (?:an?|the) (?:[\w’'\-]+ ){0,4}?"
    r"[\w’'\-]+(?:,| (?:that|which|who|whose|of|in|from|used|located|based|born|for|with)\b)"
)
# Page furniture: a label with a colon ("Filed under: Politics"), a prompt that is the whole line
# ("Share", "Read more"), a byline or "Posted by …", a copyright line, a bare DOI, or a bare
# citation line. A sentence that only starts with such a word ("Share prices fell") is none.
FURNITURE = re.compile(
    r"^(?:filed under|posted|published|updated|last updated|date|share|related|related articles|"
    r"photo|image|credit|credits|source|sources|tags?|categories|comments?|topics?)\s*:|"
    r"^(?:share|share this|advertisement|advertising|read more|click here|subscribe|sign up|"
    r"follow us|print|print this page|comments?|related articles)\W*$|"
    r"^(?:posted|written|updated) by [A-Z][\w.'’-]*|^(?:©|\(c\))|^copyright\s+(?:©|\(c\)|\d{4})|"
    r"\ball rights reserved\b|^(?:doi|https?://doi\.org)[:/]|"
    r"^[A-Z][\w .&]+ \d+,? \d+[–-]\d+ \((?:1[5-9]|20)\d\d\)\.?$",
    re.IGNORECASE,
)
ALL_RIGHTS = re.compile(r"\ball rights reserved\b", re.IGNORECASE)
BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s+(?:and|&)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?$")
# The label before a date alone on its line ("Updated: 12/05/2020"), page furniture (`kinds`).
DATE_LABEL = r"(?:date|updated|published)"

# ---------------------------------------------------------------------------------------------
# Citations (`citations`) and reference lists (`citations`, `reference_fields`, `reference_list`)

# Name particles, written before the surname (`van der Berg`, `de la Cruz`, `De Boer`): part of
# the printed name, dropped from the key it is looked up by (`citations.name_key`).
NAME_PARTICLES = frozenset((
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das",
    "des", "ter", "ten", "zu", "vander", "vanden",
))
# The same particles as a pattern of a name as printed (`Van`, `de`, `Della`).
PARTICLE_PATTERN = r"(?:[Vv]an|[Vv]on|[Dd]e[rnls]?|[Dd]ella|[Dd][iau]|[Ll][ae]|d[oa]s|te[rn]|zu)"
# Lower-case words an author's name in a reference entry may hold (`reference_fields`): particles
# ("van der Berg", "bin Laden") and the small words of an organisation's name ("Bureau of Labor
# Statistics"). Wider than `NAME_PARTICLES`, whose words are dropped from a look-up key.
NAME_WORDS = frozenset("von van de der den da di la le du del della y bin ibn al el ten ter zu dos das "
                       "of for and the on in at".split())
# Author-year citations (`citations`) and entries (`reference_list`): how names are joined, the
# small words inside a second author's or an organisation's name, and a year not yet given.
AND_PATTERN = r"(?:\s*,?\s+(?:and|&)\s+|\s*&\s*)"
NAME_LINK_WORDS = r"(?:of|on|for|the|in|to)"  # `Riddle and National Center for Biotechnology Information`
ORG_SMALL_WORDS = r"(?:of|on|for|and|the|in|to|&|de|du|des|für)"  # `President's Council on Bioethics`
SEVERAL_NAMES = re.compile(r"\bet\.?\s*al\b|\sand\s|&")
NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
INITIALS_END = re.compile(r"(?:\b[A-Z]\.[\s-]*)+(?=\s*(?:,|&|\(|$|and\b))")
# The words of a year not yet given (`(Smith, in press)`, `Lee (n.d.)`). Four lists that differ,
# side by side so that the difference shows; kept as they were, since unifying them changes
# which parentheses are read at all (not measured): a cited work's year (`citations._YEAR_ITEM`,
# `_YEAR_PARTS`), a parenthesis worth parsing (`_HAS_YEAR`), an unnumbered entry's opening
# (`_AUTHOR_YEAR_ENTRY`) and a listed entry's year (`reference_list._ENTRY_NO_YEAR`).
UNDATED_YEAR = r"in\s+press|n\.\s?d\.|forthcoming|submitted|unpublished"
UNDATED_HINT = r"in\s+press|n\.\s?d\.|forthcoming"
UNDATED_ENTRY = r"n\.\s?d\.|in\s+press"
UNDATED_LISTED = r"in press|n\.\s?d\.|forthcoming"
# A flag of any kind of doubt: `[citation needed]`, `[clarification needed]`, `[page needed?]`.
FLAG_SUFFIXES = (" needed", " needed?")
# Capitalised words that are never a citation's first author, whatever follows them:
# `(March 2010)`, `(Spring and Summer 2010)`, `(Table 1, 2001)`, `Since (2001)`.
NOT_AUTHORS = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "fall", "winter", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the", "in", "since",
    "from", "until", "between", "before", "after", "during", "and", "or", "of", "fig", "figure",
    "table", "vol", "volume", "chapter", "section", "eq", "equation", "appendix", "by", "to",
    "at", "on", "for", "a", "an", "as", "see", "note", "year", "years", "age", "aged", "q",
    "census", "est", "estimated", "founded", "born", "died", "ca", "circa", "c", "approx",
    # `Me and You (2006)` (GUM: a title): pronouns name no author.
    "i", "me", "you", "we", "us", "he", "him", "she", "her", "they", "them", "it", "my", "your",
))
# Lead-ins that say a citation follows (`e.g., Smith, 2001`): evidence on their own.
CITING_LEAD = re.compile(r"(?:e\.\s?g\.|i\.\s?e\.|cf\.|see\b|reviewed\b|for (?:a )?reviews?\b)", re.IGNORECASE)
# Editors' inline flags (Wikipedia's cleanup tags, also copied into other text): a doubt about the
# sentence they follow. `[citation needed]`, `[dubious – discuss]`, `[who?]`, `[failed verification]`.
FLAG_WORDS = frozenset((
    "dubious", "disputed", "vague", "clarify", "specify", "discuss", "failed verification",
    "not in citation given", "unreliable source?", "unreliable source", "original research?",
    "original research", "self-published source", "weasel words", "peacock prose", "dead link",
    "permanent dead link", "update", "needs update", "who?", "whom?", "when?", "where?", "which?",
    "why?", "how?", "according to whom?", "by whom?", "by how much?", "contradictory",
    "improper synthesis?", "irrelevant citation", "obsolete source", "promotional source?",
    "unbalanced opinion?", "opinion", "neutrality is disputed", "inconsistent", "sic?",
))
# The inside of a bracket known not to be a citation: `[i.e., …]`, `[sic]`, `[…]`, `[ed.]`.
EDITORIAL_BRACKET = re.compile(
    r"^\s*(?:i\.\s?e\.|e\.\s?g\.|sic|ed\.?|eds\.?|emphasis (?:added|mine|in original)|"
    r"\.\.\.|…|sic!|citation needed|translation|trans\.|original emphasis|brackets? added)",
    re.IGNORECASE,
)
# `p. 23`, `pp. 4–5`, `Fig. 2`, `Table 1`, `ch. 3`, `§ 4`, `eq. 7`: a pinpoint after a note number.
LOCATOR_LABEL = (
    r"(?:pp?|pages?|figs?|figures?|tabs?|tables?|ch|chaps?|chapters?|secs?|sects?|sections?|§§?|"
    r"paras?|paragraphs?|eqs?|equations?|app|appendix|vols?|volume|nn?|notes?|ll?|lines?|cols?|"
    r"columns?|thm|theorem|lemma|props?|proposition|def|definition|box|suppl|supplement|art|"
    r"article|fn|footnote|slides?|min|loc|location)"
)
# `∈ [5, 80]`, `the intervals [10, 20]`, `in the range [1, 4]`: an interval, not a citation.
INTERVAL_BEFORE = re.compile(
    r"(?:∈|∉|\b(?:intervals?|ranges?|domain|interval of|range of|uniform(?:ly)? on|"
    r"(?:sampled|drawn|chosen|picked)(?: uniformly)? from|(?<![\w.])[a-zA-Z] in))\s*$",
    re.IGNORECASE,
)
# `[10, 20] mm`, `[5–80] °C`: numbers with a unit after them measure something.
UNIT_AFTER = re.compile(
    r"\s?(?:[nµμmck]?m|[mµμn]?s|[mµμk]?g|[mµμ]?[lL]|°\s?[CF]|K|%|‰|[kMG]?Hz|dB|[mk]?V|[mµμ]?A|[kMG]?W|"
    r"[kM]?eV|[kM]?Pa|bp|kb|Mb|min|h|yrs?|years?|days?|months?|weeks?|hours?|deg|degrees?|rad|"
    r"ppm|ppb|mol|mmol|µmol|nM|µM|mM|px|°|percent|per cent|(?:kilo|centi|milli)?met(?:re|er)s?|"
    r"seconds?|minutes?|degrees?|grams?|kilograms?|lit(?:re|er)s?|miles?|feet|inches)(?![\w])"
)
# Section titles that introduce a notes / reference list, alone on their line, optionally
# numbered ("7. References") and with a trailing colon ("Notes:"). Matched as whole lines so
# that a body line like "Sources say the deal is off." never counts.
REFERENCE_HEADING = re.compile(
    r"^\s*(?:\d{1,2}\.?\s+)?(?:"
    r"references?|notes|end\s?notes|foot\s?notes|sources|bibliography|works\s+cited|"
    r"literature\s+cited|references\s+cited|cited\s+(?:works|literature)|citations|"
    r"reference\s+list|notes\s+and\s+references|references\s+and\s+notes|literature"
    r")\s*:?\s*$",
    re.IGNORECASE,
)
# The heading a reader gives a notes list whose own heading it did not find.
NOTES_HEADING = "Notes"
# A block that names the article's sources, as science news sites print it under the story:
# "More information: Lunde et al, Title, PNAS (2024). DOI: 10.1073/…" (phys.org), "Source:",
# "Journal reference:", "Citation:", "Original study:". Boilerplate removers often drop it.
SOURCE_BLOCK = re.compile(
    r"^\s*(?:More information|Further information|Sources?|Journal references?|Journal information|"
    r"Citations?|Original (?:study|paper|article|research)|Reference|Study|Paper)\s*:",
    re.IGNORECASE,
)
# The label of Wikipedia's back-links in a copied reference list: `^ Jump up to: a b`.
BACKLINK_LABEL = r"Jump up(?: to)?"
# Month names and their abbreviations, as reference entries print dates.
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "Retrieved 12 May 2018", "Accessed 2018-05-12", "[cited 2020 Jan 3]", "Archived from the
# original on …": dates of access or archiving, never the publication year.
ACCESSED_LABEL = r"(?:Retrieved|Accessed|Last accessed|Viewed|Cited|\[cited)"
ARCHIVED_LABEL = r"Archived(?: from the original)? on"
# The labels of a volume, an issue and pages ("vol. 5, no. 2, pp. 2054–2060"), of more authors
# ("et al.", "and others"), of a book's editors ("Gazzaniga M, editor,") and of the book a
# chapter is in ("Title. In: Book").
VOLUME_LABEL = r"(?:vol\.|volume)"
ISSUE_LABEL = r"(?:no\.|issue|iss\.|nr\.)"
PAGES_LABEL = r"(?:pp?\.|pages?)"
MORE_AUTHORS = r"(?:et al\.?|and others|…)"
EDITOR_LABEL = r"(?:editors?|eds?\.)"
IN_BOOK = re.compile(r"[.?!]\s+In:?\s+")
# Words that tell a reference entry from a to-do item in a numbered list (`reference_list`).
CITATION_WORDS = re.compile(r"\bet al\b|\bpp?\.\s*\d|\bvol\.|\bRetrieved\b|\bIn:|\bibid\b|\bop\. cit", re.I)
# Where a chapter's book ends and its publisher starts: `The Cognitive Neurosciences, III,
# Cambridge, MA: MIT Press` (a publisher's word or a publishing city after a comma or full stop).
PUBLISHER_TAIL = re.compile(
    r"\s*[,.]\s+(?=[^,.]*\b(?:Press|Publishers?|Publishing|Inc|Associates|Verlag|Springer|Elsevier|Wiley|"
    r"Academic|Heidelberg|Berlin|Cambridge|New York|London|Oxford|Amsterdam|chapter)\b)"
)

# ---------------------------------------------------------------------------------------------
# Links (`citations.source_url`)

# Share, sign-in and comment endpoints on any host: phys.org's share bar
# (`facebook.com/sharer/sharer.php?u=…`), a Verge "Sign in" (`auth.voxmedia.com/login`),
# Blogger's "Post a Comment" (`blogger.com/comment.g`).
SHARE_OR_SIGN_IN = re.compile(
    r"^(?:(?:[\w-]+\.)*(?:facebook\.com/shar|twitter\.com/(?:intent|share)|x\.com/intent|"
    r"linkedin\.com/(?:share|cws/share)|reddit\.com/submit|pinterest\.[a-z.]+/pin/create|"
    r"tumblr\.com/(?:share|widgets/share)|wa\.me/|api\.whatsapp\.com/send|t\.me/share|"
    r"news\.ycombinator\.com/submitlink|getpocket\.com/(?:save|edit)|vk\.com/share|"
    r"blogger\.com/(?:share-post|comment|profile))|"
    r"[^/]+/(?:[^?#]*/)?(?:log-?in|sign-?in|sign-?up|register|auth|my-account|account)(?:[/?#.]|$))",
    re.IGNORECASE,
)

# A site's own furniture: tag, category, topic and label pages, author and user profiles,
# search, feeds, newsletters, comments (phys.org's in-text keyword links to `/tags/birch/`,
# WordPress's `/category/…/`, Stack Overflow's `/questions/tagged/python` and `/users/17/…`):
# the words English-language sites put in such paths.
NAVIGATION_PATH = re.compile(
    r"/(?:tags?|tagged|categor(?:y|ies)|topics?|labels?|authors?|writers?|contributors?|"
    r"profiles?|users?|members?|search|feeds?|rss|newsletters?|subscribe|comments?|share)(?:[/?#.]|$)"
    r"|#(?:comments?|respond|comment-form|disqus_thread)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Page furniture in a document's text layer (`readers/pdf.py`)

# A page number alone on its line: "3", "- 3 -", "Page 3", "Page 3 of 10", "3 / 10".
PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
