"""The phrase table: well-known boilerplate recognised by what it says.

Each rule names a category (recorded in the `boilerplate` column as the reason a line was
removed) and a pattern. Patterns describe a *kind* of line ("Subscribe to … newsletter",
"© 2019 …", "N comments"), never one outlet's exact wording. A rule only fires on lines up to
its word limit, so a long paragraph that merely mentions cookies or a newsletter stays.

Scopes:
- `line`: the pattern must match the whole line (after trimming punctuation and spaces);
- `start`: the line starts with the pattern;
- `any`: the pattern occurs anywhere in the line.

`MARKERS` are lines that announce a block of non-article content: teasers after "Related
articles", comments after "12 comments". They are removed like any other rule hit, and the
segmenter also treats what follows them as suspect (see segment.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from pipeline.cache import cache_key, cached
from pipeline.cleaning import literals as literal_analysis
from pipeline.cleaning.literals import required_literal_sets, required_literals


@dataclass(frozen=True)
class Rule:
    """One phrase rule: `category` is what the line is, `pattern` how to recognise it."""

    category: str
    pattern: str
    scope: str = "any"
    max_words: int = 25
    marker: str | None = None  # "related" or "comments" when the line opens such a block
    case_sensitive: bool = False


R = Rule
RULES: tuple[Rule, ...] = (
    # Browser, JavaScript and device notices.
    R("browser_warning", r"\b(?:older|outdated|old|unsupported|out-of-date) (?:web )?browser"),
    R("browser_warning", r"\b(?:upgrade|update|switch) (?:to )?(?:your|a (?:modern|newer|"
      r"supported)) (?:web )?browser"),
    R("browser_warning", r"\bbrowser (?:is|does) not (?:supported|support)"),
    R("browser_warning", r"\b(?:for the best|for a better) [\w ]{0,30}experience\b", max_words=20),
    R("javascript_notice", r"\b(?:enable|turn on|requires?|disabled?) javascript\b|"
      r"\bjavascript (?:is )?(?:disabled|required|must be enabled)"),
    # Cookie, privacy and consent notices.
    R("cookie_notice", r"\b(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b",
      max_words=80),
    R("cookie_notice", r"\b(?:accept|manage|reject) (?:all )?cookies\b|\bcookie "
      r"(?:policy|settings|preferences|consent)\b", max_words=40),
    R("cookie_notice", r"\bby (?:continuing|clicking|using)\b.{0,60}\b(?:you (?:agree|accept|"
      r"consent)|cookies)\b", max_words=60),
    R("privacy_notice", r"(?:privacy policy|terms of (?:use|service)|cookie policy|"
      r"do not sell(?: or share)? my personal information|your privacy choices|"
      r"privacy (?:settings|preferences|choices)|manage (?:consent|preferences)|"
      r"ad ?choices|accessibility statement|sitemap|site map)", scope="line", max_words=12),
    R("privacy_notice", r"\bthis site is protected by recaptcha\b", max_words=40),
    # Comment widgets and prompts.
    R("comment_widget", r"\bcomments? (?:are )?powered by\b", max_words=12, marker="comments"),
    R("comment_widget", r"(?:add|post|leave|write|submit|view|show|hide|read|load|see) "
      r"(?:a |your |all |more |the )?(?:\d+ )?(?:comments?|reply|replies|response)",
      scope="line", max_words=6, marker="comments"),
    # A comment counter ("124 Comments") is a link, often at the top: not the section start.
    R("comment_widget", r"\d+ (?:comments?|replies|responses)|comments? \(\d+\)",
      scope="line", max_words=6),
    # ("Discussion" alone is also a section of a paper, so only "join the discussion" counts.)
    R("comment_widget", r"comments?|join the (?:conversation|discussion)|"
      r"(?:be the )?first to comment|no comments(?: yet)?|\d+ (?:responses|replies|"
      r"comments?) (?:to|on) .{1,80}", scope="line", max_words=16, marker="comments"),
    R("comment_widget", r"\b(?:you must be logged in|log in|sign in|register) to "
      r"(?:post a |leave a |)comment\b|\bcomments are closed\b|\bcommenting (?:is|has been) "
      r"(?:closed|disabled)\b", max_words=20, marker="comments"),
    R("comment_widget", r"\bleave a (?:reply|comment)\b|\bcancel reply\b", scope="start",
      max_words=12, marker="comments"),
    # A comment's header: "Alex on September 17, 2018 at 6:34 am said:", "Jane says:".
    R("comment_widget", r"^.{1,60}\b(?:said|says|wrote|writes|commented)\s*:\s*$", max_words=16,
      marker="comments"),
    R("comment_widget", r"\b\d+ (?:comments?|responses|replies) (?:to|on) [“\"'‘]", max_words=40,
      marker="comments"),
    R("comment_widget", r"\b\d+ (?:comments?|responses|replies)\b", max_words=12),
    # Newsletters, subscriptions, sign-in and paywalls.
    R("newsletter_promo", r"\b(?:subscribe|sign up|signup|register|get|receive|join)\b.{0,80}"
      r"\bnewsletters?\b", max_words=40),
    R("newsletter_promo", r"\bnewsletters?\b.{0,60}\b(?:inbox|sign up|subscribe)\b",
      max_words=40),
    R("newsletter_promo", r"(?:enter your e-?mail(?: address)?|your e-?mail address|"
      r"e-?mail address|thanks? (?:you )?for (?:signing up|subscribing)|newsletters?)",
      scope="line", max_words=8),
    R("newsletter_promo", r"\bnewsletters?\b|\bopt-in\b|\bi agree (?:that|to)\b.{0,60}"
      r"\b(?:send me|e-?mail|terms|privacy)", max_words=7),
    R("newsletter_promo", r"\bi agree (?:that|to)\b.{0,60}\b(?:send me|e-?mails?|newsletter)\b|"
      r"\bcheck the opt-in box\b|\bunsubscribe at any time\b|\bdelivered (?:to your inbox|"
      r"weekday mornings|every (?:morning|day|week))\b", max_words=40),
    R("subscription_promo", r"(?:subscribe(?: now| today)?|subscriptions?|subscribe to "
      r"[\w ]{1,40}|already a (?:subscriber|member)\??|become a (?:subscriber|member)|"
      r"support (?:our|independent) journalism|donate(?: now)?|give now|unlock (?:this|"
      r"the) (?:article|story)|start (?:your )?free trial)", scope="line", max_words=10),
    R("subscription_promo", r"subscribe to (?:the )?[\w'’&.-]+(?: [\w'’&.-]+){0,3} (?:and|for|to|"
      r"today|now)\b", scope="start", max_words=25),
    R("subscription_promo", r"\b(?:this (?:article|story|content) is (?:exclusive|"
      r"available|only available) to|subscribe to (?:continue|keep|read|unlock)|"
      r"to continue reading|you(?:'ve| have) (?:reached|read) (?:your|all|\d+) "
      r"(?:free |limit)|(?:already|don't) have an account)", max_words=30),
    R("sign_in_prompt", r"(?:log ?in|log ?out|sign ?in|sign ?out|sign up|register|"
      r"create (?:an|your|a free) account|my account|forgot (?:your )?password\??|"
      r"(?:log|sign) in(?: or| /) (?:register|sign up|subscribe))", scope="line", max_words=6),
    # Share, follow, print and email bars.
    R("share_bar", r"(?:share|share this|like this|share (?:this|the) (?:article|story|post|"
      r"page)|share on "
      r"\w+|tweet|email|e-mail|print|copy link|copy url|link copied|save|save article|"
      r"save for later|bookmark|gift (?:this )?article|facebook|twitter|x|linkedin|"
      r"whatsapp|pinterest|reddit|flipboard|telegram|instagram|youtube|tiktok|threads|"
      r"bluesky|messenger|sms|mastodon|email this article|print this article|comment)",
      scope="line", max_words=5),
    R("share_bar", r"(?:share|follow|like|find|connect with) (?:us|this|me)\b.{0,40}"
      r"\b(?:on|via) (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|social media)",
      max_words=20),
    R("share_bar", r"follow\b.{0,60}\bon (?:facebook|twitter|x|instagram|linkedin|youtube|"
      r"tiktok|threads|bluesky)\b", scope="start", max_words=25),
    R("share_bar", r"(?:click|tap) (?:here )?to (?:share|print|email|tweet|copy)|"
      r"\(opens in (?:a )?new (?:window|tab)\)", max_words=30),
    R("share_bar", r"(?:(?:facebook|twitter|linkedin|whatsapp|pinterest|reddit|email|"
      r"print|x|share|flipboard)[\s,|/·•]*){3,}", scope="line", max_words=12),
    # Copyright, syndication and distribution notices ("© Name/AP" is a photo credit).
    R("photo_credit", r"^\s*(?:©|\(c\))\s*[\w.\- ]{2,40}/[\w.\- ]{2,40}$", max_words=8),
    R("copyright_notice", r"(?:©|\(c\)|&copy)\s*(?:\d{4}|[a-z])|\bcopyright\s*(?:©|\(c\))?"
      r"\s*\d{4}", max_words=40),
    R("copyright_notice", r"\ball rights reserved\b", max_words=40),
    R("syndication_notice", r"\bthis (?:material|article|story|content) may not be "
      r"(?:published|reproduced|copied|redistributed)", max_words=60),
    R("syndication_notice", r"\b(?:distributed|syndicated|licensed) by\b", scope="start",
      max_words=15),
    R("syndication_notice", r"visit (?:the )?(?:[\w.&'’-]+ ){1,6}(?:at|online at|on the "
      r"web at)(?: \S+)?", scope="line", max_words=12),
    R("syndication_notice", r"\b(?:reprints?|permissions?) (?:and|&) (?:permissions?|"
      r"reprints?)\b|\bre-?publish(?:ing)? this (?:article|story)\b|\bread the original "
      r"(?:article|story)\b|\bthis (?:article|story) (?:was|is) (?:originally )?"
      r"(?:published|republished|produced|written) (?:by|in|on|with|under)\b", max_words=40),
    R("syndication_notice", r"\b(?:originally|first) (?:published|appeared) (?:on|in|at)\b",
      max_words=25),
    # Legal disclaimers that sites append to every page.
    R("disclaimer", r"\b(?:is|are) not intended (?:to (?:replace|be|constitute|provide)|as)\b"
      r".{0,60}\b(?:advice|substitute|recommendation)|\bfor (?:general )?informational? "
      r"purposes only\b|\bdoes not constitute (?:legal|financial|medical|investment|tax|"
      r"professional) advice\b", max_words=80),
    R("disclaimer", r"\b(?:we|this site) (?:may )?(?:earn|receive)s? (?:a )?(?:small )?"
      r"(?:commission|compensation)\b|\baffiliate (?:links?|commission|disclosure)\b",
      max_words=60),
    # Spam footers: promotional lines with a link, unrelated to the article.
    R("spam_footer", r"(?:https?://|www\.)\S+.{0,80}\b(?:bitcoin|crypto\w*|casino|betting|"
      r"forex|loans?|viagra|cialis|essays?|seo|porn|dating|escort|invest\w*|trading|"
      r"cheap|discount|coupon|promo code)\b", max_words=25),
    R("spam_footer", r"\b(?:bitcoin|crypto\w*|casino|betting|forex|loans?|viagra|"
      r"essays?|invest\w*)\b.{0,80}(?:https?://|www\.)\S+", max_words=25),
    # Related, recommended and "more from" blocks (markers) and inline teasers.
    # A block heading may carry the site's or section's name: "PFT Most Commented",
    # "More NFL News", "CNN Top Stories".
    R("related_marker", r"(?:[\w'’&.-]+ ){0,3}(?:related|related (?:articles?|stories|story|"
      r"posts?|content|coverage|news|links|reading|topics|videos?)|recommended(?: for you| "
      r"stories| articles| reading)?|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|"
      r"(?:more|other) (?:stories|articles|news|coverage|headlines|videos|to read)|"
      r"read (?:more|next|also|this next)|also read|see also|check (?:also|this out)|"
      r"similar (?:articles|stories|posts)|(?:most|the most) (?:popular|read|viewed|"
      r"shared|commented|emailed)|popular (?:stories|articles|now|posts)|trending(?: now| "
      r"stories| articles)?|top stories|latest (?:news|stories|articles|headlines)|"
      r"editor'?s'? (?:picks|choice)|don'?t miss|what to read next|up next|more in [\w &]+|"
      r"in other news|around the web|from (?:our|the) (?:partners|web)|sponsored "
      r"(?:stories|content|links)|promoted (?:stories|content|links)|you may have missed|"
      r"keep reading|continue reading|recent (?:posts|articles|stories)|explore more|"
      r"further reading|more from(?: (?:the )?[\w&'’. -]{1,40})?|more on (?:this|these) "
      r"(?:story|stories|topics?)|more (?:in|about) [\w &'’-]{1,30})", scope="line",
      max_words=8, marker="related"),
    # "More Washington Examiner", "More Sports": a site's or section's name after "More".
    R("related_marker", r"More(?: (?:[A-Z][\w'’&.-]*|from|on|in|of|the)){1,4}", scope="line",
      max_words=5, marker="related", case_sensitive=True),
    R("related_teaser", r"(?:read (?:more|also|next)|related|see also|also read|more|"
      r"recommended|watch|listen|click here|opinion|analysis)\s*[:>»|]\s*\S",
      scope="start", max_words=30),
    R("related_teaser", r"\bclick here (?:to|for)\b", max_words=20),
    # Image captions, photo credits and auto-generated alt text.
    R("photo_credit", r"(?:photo|photograph|image|picture|illustration|graphic|video|"
      r"credits?|source|foto|bild)\s*(?:credit)?\s*(?:by)?\s*[:/]\s*\S.{0,80}", scope="line",
      max_words=14),
    R("photo_credit", r"\((?:photo|image|photograph|credit|pictured|illustration)[^)]{0,80}"
      r"\)\s*$|\b(?:getty images|ap photo|reuters|afp|epa|shutterstock|istock|"
      r"unsplash|alamy|bloomberg)(?: via getty images)?\s*$", max_words=45),
    R("photo_credit", r"(?:photo|image) (?:by|courtesy(?: of)?) \S", scope="start",
      max_words=15),
    # Caption credits glued to the caption: "(NASA/JPL-Caltech/ASU)", "Credit...Doug Mills/The
    # New York Times", "Leonhard Foeger / Reuters file".
    R("photo_credit", r"\([A-Z][\w .&'’-]{1,40}/[\w .&'’/-]{1,60}\)\s*$|\b[A-Z][\w.'’-]+ "
      r"[A-Z][\w.'’-]+ ?/ ?(?i:reuters|ap|afp|getty images|epa|bloomberg|the [a-z]+ [a-z]+)"
      r"(?i: file)?\s*$", max_words=60, case_sensitive=True),
    R("photo_credit", r"\bcredit(?:\.{2,}|\s*:)\s*\S.{0,80}$", max_words=60),
    R("image_caption", r"(?:image|media|photo) caption|(?:image|media) source|"
      r"(?:enlarge|expand|view) (?:this )?(?:image|photo|gallery)|(?:open|view) gallery|"
      r"\d+ (?:photos|images)|toggle caption|hide caption|show caption|caption",
      scope="line", max_words=8),
    # "a man in a suit and tie: Russian President ..." (alt text generated by image models:
    # a lower-case description, a colon, then the real caption).
    R("alt_text", r"(?:a|an|two|three|several|people|group of) (?:[a-z]+[ ,-]){1,10}"
      r"[a-z]+:\s+\S", scope="start", max_words=120, case_sensitive=True),
    # Navigation, section labels, breadcrumbs and the like.
    R("navigation", r"skip to (?:main |the )?(?:content|navigation|main|footer|search)|"
      r"(?:jump|go|back|return) to (?:top|content|main|the top|navigation|homepage|home)|"
      r"toggle (?:navigation|menu|search)|(?:open|close) (?:navigation|menu|search)"
      r"(?: menu)?|main menu|navigation|menu|search|home|homepage|close|next|previous|"
      r"prev|more|less|show more|show less|load more|see more|see all|view all|"
      r"expand|collapse|open|back|top|sections|topics|tags|categories|archives?|"
      r"all (?:news|stories|topics|sections)|accessibility links|keyboard shortcuts",
      scope="line", max_words=6),
    R("navigation", r"(?:published|posted|filed|listed) (?:in|under) [\w&,'’ -]{2,60}",
      scope="line", max_words=10),
    R("navigation", r"(?:tags?|topics?|categories|category|filed under|sections?)\s*:\s*.+",
      scope="line", max_words=25),
    R("navigation", r"(?:next|previous|prev|older|newer) (?:article|story|post|page|entry)",
      scope="start", max_words=20),
    R("tracking_pixel", r"(?:image beacon|tracking pixel|web beacon|pixel tag)",
      max_words=20),
    # Advertising and sponsorship labels.
    R("advertisement", r"(?:advertisement|advertising|advert|ad|ads|sponsored|sponsor "
      r"message|sponsored content|paid content|paid post|promoted|partner content|"
      r"story continues below(?: advertisement)?|article continues below(?: advertisement)?|"
      r"continue reading (?:below|the (?:main )?story)|scroll to continue(?: with content)?|"
      r"content continues below|remove ads|ad-free|report (?:this )?ad|"
      r"advertise with us|become a sponsor)", scope="line", max_words=8),
    # The same furniture in other major news languages (de, fr, es, pt, it, nl, ru).
    R("advertisement", r"(?:werbung|anzeige|publicit[ée]|publicidad|publicidade|"
      r"pubblicit[àa]|advertentie|реклама)", scope="line", max_words=3),
    R("related_marker", r"(?:[\w'’&.-]+ ){0,2}(?:lesen sie auch|mehr zum thema|auch "
      r"interessant|das könnte sie (?:auch )?interessieren|ähnliche artikel|weitere artikel|"
      r"lire aussi|à lire aussi|voir aussi|articles similaires|sur le même sujet|"
      r"lee también|te puede interesar|noticias relacionadas|art[ií]culos relacionados|"
      r"leia também|veja também|not[ií]cias relacionadas|mais lidas|leggi anche|"
      r"articoli correlati|potrebbe interessarti|lees ook|meer nieuws|читайте также|"
      r"по теме|похожие (?:статьи|новости)|самое популярное)", scope="line", max_words=8,
      marker="related"),
    R("comment_widget", r"(?:kommentare?|commentaires?|comentarios?|comentários?|commenti|"
      r"reacties|комментарии)(?: \(?\d+\)?)?", scope="line", max_words=4,
      marker="comments"),
    R("share_bar", r"(?:teilen|partager|compartir|compartilhe|compartilhar|condividi|"
      r"delen|поделиться)(?: (?:auf|sur|en|no|su|op|в) \w+)?", scope="line", max_words=5),
    R("copyright_notice", r"\b(?:alle rechte vorbehalten|tous droits réservés|todos los "
      r"derechos reservados|todos os direitos reservados|tutti i diritti riservati|"
      r"alle rechten voorbehouden|все права защищены)\b", max_words=40),
    R("subscription_promo", r"(?:jetzt )?(?:abonnieren|abonnez-vous|suscr[ií]bete|assine(?: já)?|"
      r"abbonati|abonneren|подписаться)", scope="line", max_words=4),
    R("related_teaser", r"(?:clique|cliquez|klicken sie|haga clic|clicca) ", scope="start",
      max_words=40),
    # Audio and video player chrome.
    R("audio_video", r"(?:listen|listen to (?:this|the) (?:article|story)|play|pause|"
      r"play video|watch(?: now| video)?|watch:.*|transcript|download|embed|mute|"
      r"unmute|fullscreen|duration|now playing|audio|video|\d{1,2}:\d{2}(?::\d{2})?|"
      r"listen\W+\d{1,2}:\d{2}.*|\d+ min(?:ute)?s? (?:read|listen))", scope="line",
      max_words=6),
    R("audio_video", r"<iframe|</?(?:div|script|span|img|a)\b", max_words=60),
)

RELATED_MARKER = "related"
COMMENTS_MARKER = "comments"


@dataclass(frozen=True)
class Match:
    """Which rule matched a line."""

    category: str
    marker: str | None
    rule: int  # index in RULES, for tests and debugging


def _anchored(rule: Rule) -> str:
    if rule.scope == "line":
        return f"^(?:{rule.pattern})$"
    if rule.scope == "start":
        return f"^(?:{rule.pattern})"
    return rule.pattern


SCOPES = ("line", "start", "any")
# Patterns are written in lower case and matched against the lower-cased line (faster than
# IGNORECASE); the few case-sensitive rules see the line as it is.
RULE_PATTERNS = [(rule, re.compile(_anchored(rule))) for rule in RULES]
RULE_MATCHES = [Match(rule.category, rule.marker, index) for index, rule in enumerate(RULES)]
# Punctuation and bullets trimmed before whole-line matching ("Share:", "• Print", "Menu ☰").
EDGE_NOISE_START = re.compile(r"^[\W_]+")


MAX_RULE_WORDS = max(rule.max_words for rule in RULES)
# "Home > News > Politics", "Sports | Business | Opinion": short items between separators.
SEPARATOR_CHARACTERS = ">»›|•·"
SEPARATORS = re.compile(rf"\s*[{SEPARATOR_CHARACTERS}]\s*")
MAX_ITEM_WORDS = 6
MAX_LIST_WORDS = 30
SEPARATED_LIST_RULE = -1
SEPARATED_LIST = Match("navigation", None, SEPARATED_LIST_RULE)


def is_separated_list(line: str) -> bool:
    """True for breadcrumbs and menus: three or more short items between separators."""
    parts = SEPARATORS.split(line)
    return len(parts) >= 3 and all(0 < len(part.split()) <= MAX_ITEM_WORDS for part in parts)


def trim_edges(line: str) -> str:
    """`line` without leading and trailing punctuation, in linear time.

    (One pattern anchored at both ends is quadratic on long runs of punctuation.)
    """
    line = EDGE_NOISE_START.sub("", line)
    end = len(line)
    while end and not (line[end - 1].isalnum()):
        end -= 1
    return line[:end]


# Lower-casing is context-free for every character but sigma (final ς), so a literal without
# sigma that occurs in a line, or in its trimmed part, occurs in the lower-cased whole line.
CONTEXT_CASED = frozenset("Σσς")


def searched_literals(rule: Rule) -> frozenset[str] | None:
    """Lower-case strings one of which the lower-cased line contains if `rule` can match it."""
    literals = required_literals(rule.pattern)
    if literals is None or any(CONTEXT_CASED & set(literal) for literal in literals):
        return None
    return frozenset(literal.lower() for literal in literals)


def build_literal_index(max_words: int) -> tuple[ahocorasick.Automaton, int]:
    """An Aho-Corasick automaton from required strings to a bit mask of rules.

    Only rules that admit lines of `max_words` words are in it (a long paragraph is not
    searched for "ad" or "home"). Separator characters map to SEPARATOR_BIT (a menu needs
    two of them). Returns the automaton and the mask of rules with no required strings,
    which are always tried.
    """
    masks: dict[str, int] = dict.fromkeys(SEPARATOR_CHARACTERS, SEPARATOR_BIT)
    always = 0
    for index, rule in enumerate(RULES):
        literals = RULE_LITERALS[index]
        if rule.max_words < max_words:
            continue
        if literals is None:
            always |= 1 << index
            continue
        for literal in literals:
            masks[literal] = masks.get(literal, 0) | 1 << index
    automaton = ahocorasick.Automaton()
    for literal, mask in masks.items():
        automaton.add_word(literal, mask)
    automaton.make_automaton()
    return automaton, always


SEPARATOR_BIT = 1 << len(RULES)
# Below this length a required string is in most lines: not worth looking for.
MIN_CHECKED_LENGTH = 3


def checked_literals(rule: Rule, indexed: frozenset[str] | None) -> tuple[frozenset[str], ...]:
    """More sets of lower-case strings the lower-cased line holds one of if `rule` matches.

    The index finds one string of `indexed`; a rule's pattern may need others as well
    ("https://" and then "casino"). Looking for them with `in` is much cheaper than a
    pattern that fails slowly. Sets of short strings, with sigma (see CONTEXT_CASED) and
    those that every indexed string already contains one of are left out.
    """
    checked = []
    for strings in required_literal_sets(rule.pattern):
        lowered = frozenset(string.lower() for string in strings)
        if min(map(len, lowered)) < MIN_CHECKED_LENGTH or CONTEXT_CASED & set("".join(lowered)):
            continue
        if indexed is not None and all(any(s in known for s in lowered) for known in indexed):
            continue
        checked.append(lowered)
    return tuple(checked)


def rule_literals() -> tuple[list[frozenset[str] | None], list[tuple[frozenset[str], ...]]]:
    """Each rule's searched strings (searched_literals) and checked ones (checked_literals)."""
    searched = [searched_literals(rule) for rule in RULES]
    return searched, [checked_literals(rule, literals)
                      for rule, literals in zip(RULES, searched, strict=True)]


# Analysing the patterns takes ~60 ms, paid by every process at import. It depends only on
# the rules (this file), literals.py and Python's regex parser, so it is kept in the disk
# cache under a key of those.
RULE_LITERALS, RULE_CHECKED_LITERALS = cached(
    "phrase-literals", cache_key(sources=[__file__, literal_analysis.__file__], packages=[]),
    rule_literals, tuple)
# One index per word limit in the table; a line uses the one of the smallest limit that
# admits it, which holds exactly the rules that admit it.
_LIMITS = sorted({rule.max_words for rule in RULES})
_INDEXES = {limit: build_literal_index(limit) for limit in _LIMITS}
LITERAL_INDEX = [_INDEXES[next(limit for limit in _LIMITS if limit >= n)]
                 for n in range(MAX_RULE_WORDS + 1)]
# Lines too long for a list whose rules need only a few strings (a paragraph of 61-120
# words): `in` finds each string faster than the automaton walks the line.
FEW_LITERALS = 16


def literal_masks(max_words: int) -> tuple[tuple[str, int], ...] | None:
    """(string, rules) of the rules admitting `max_words` words, if they need few strings."""
    automaton, _always = _INDEXES[next(limit for limit in _LIMITS if limit >= max_words)]
    found = tuple((literal, mask) for literal, mask in automaton.items()
                  if mask != SEPARATOR_BIT)
    return found if len(found) <= FEW_LITERALS else None


FEW_LITERAL_MASKS = [literal_masks(n) if n > MAX_LIST_WORDS else None
                     for n in range(MAX_RULE_WORDS + 1)]


def candidate_rules(lowered: str, word_count: int) -> tuple[int, int]:
    """The rules that may match a lowered line of `word_count` words, and its separators.

    The rules are a bit mask: those that admit the line's length and whose required strings
    occur in it. One pass of an automaton replaces trying each rule's pattern in turn: a
    body paragraph usually contains no rule's strings at all. Separators are counted only
    for a line short enough to be a list (MAX_LIST_WORDS); longer lines report none.
    """
    automaton, candidates = LITERAL_INDEX[word_count]
    few = FEW_LITERAL_MASKS[word_count]
    if few is not None:
        for literal, mask in few:
            if literal in lowered:
                candidates |= mask
        return candidates & ~SEPARATOR_BIT, 0
    separators = 0
    for _end, mask in automaton.iter(lowered):
        candidates |= mask
        if mask & SEPARATOR_BIT:
            separators += 1
    return candidates & ~SEPARATOR_BIT, separators


# Which text a rule's pattern reads: the lowered line, the line, its trimmed part (trim_edges)
# or that lowered; by (case_sensitive, scope is not "any").
LOWERED, AS_IS, TRIMMED, TRIMMED_LOWERED = range(4)
TEXT_OF = {(False, False): LOWERED, (True, False): AS_IS, (True, True): TRIMMED,
           (False, True): TRIMMED_LOWERED}
# Per rule, all first_matching_rule needs: its pattern's search, the text it reads, its
# checked strings and the Match it gives.
RULE_TRIES = [(pattern.search, TEXT_OF[rule.case_sensitive, rule.scope != "any"], checked, match)
              for (rule, pattern), checked, match in zip(RULE_PATTERNS, RULE_CHECKED_LITERALS,
                                                         RULE_MATCHES, strict=True)]


def first_matching_rule(line: str, lowered: str, candidates: int) -> Match | None:
    """The first rule (in table order) among `candidates` whose pattern matches."""
    trimmed = None  # (trimmed, trimmed lowered), made for the first rule that reads them
    while candidates:  # most lines: none (no rule's strings in them)
        lowest = candidates & -candidates
        candidates ^= lowest
        search, reads, checked, match = RULE_TRIES[lowest.bit_length() - 1]
        if checked and not all(any(string in lowered for string in strings)
                               for strings in checked):
            continue
        if reads < TRIMMED:
            text = line if reads == AS_IS else lowered
        else:
            if trimmed is None:
                cut = trim_edges(line)
                trimmed = (cut, cut.lower())
            text = trimmed[reads - TRIMMED]
        if search(text):
            return match
    return None


def match_line(line: str, word_count: int, lowered: str | None = None) -> Match | None:
    """The first rule (in table order) that recognises `line` within its word limit.

    Only the rules whose required strings the line contains are tried (see literals.py);
    the answer is the one trying every rule in order would give. `lowered` is
    `line.lower()`, if the caller has it.
    """
    if word_count > MAX_RULE_WORDS:
        return None
    if lowered is None:
        lowered = line.lower()
    candidates, separators = candidate_rules(lowered, word_count)
    if separators >= 2 and word_count <= MAX_LIST_WORDS and is_separated_list(line):
        return SEPARATED_LIST
    return first_matching_rule(line, lowered, candidates)
