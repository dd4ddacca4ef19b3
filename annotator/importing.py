"""Turn what a person imports (pasted text, an uploaded file, a JSON Lines record) into an article draft."""
import codecs
import json
import multiprocessing
import os
import re
import threading
from dataclasses import dataclass, replace
from pathlib import PurePath

from .text import split_claims
from .urls import InvalidURL, web_url

# Whatever the source, an article longer than this is refused: it would not be one news article, and
# splitting and rendering it would make the review page useless. Configurable as MAX_ARTICLE_BYTES.
DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
TITLE_LENGTH = 120
MAX_TITLE_LENGTH = 300
# The encodings a file that is not UTF-8 may be read as, with the names a person is shown: the Western European
# code pages newsroom systems still write (Word's "plain text", older CMS exports). No wider: on an article-sized
# text charset-normalizer cannot tell Polish cp1250 from Windows-1252 (it named French cp1252 text cp1250, and
# "café" cp1006), so guessing among every code page would store garbled text with a confident label.
FALLBACK_ENCODINGS = {"cp1252": "Windows-1252", "iso8859_15": "Latin-9 (ISO-8859-15)",
                      "latin_1": "Latin-1 (ISO-8859-1)"}
# How long splitting one article into claims may take before the import is refused (SPLIT_BUDGET_SECONDS, and
# the CLI's --split-budget). A news article splits in well under a second; hostile text once took minutes (a run of
# 20,000 spaces, "x; " repeated, before each step was made linear), which held a server worker until its own 30 s
# timeout killed it: the budget keeps that true for whatever pattern is found next. Ordinary prose
# splits at about 3.4 s per MB on the project's machine, so 15 s leaves room for a few MB.
DEFAULT_SPLIT_BUDGET_SECONDS = 15.0
# How long reading the article out of an HTML page may take (PARSE_BUDGET_SECONDS). A news page takes well under
# a second; 30,000 empty paragraphs took trafilatura 5 s and 100,000 two minutes.
DEFAULT_PARSE_BUDGET_SECONDS = 10.0
# Refused before the parser sees them: libxml2 checks each attribute of a tag against all the others, so 50,000
# attributes on one tag took it 40 s (trafilatura then 3 more minutes); a real page's busiest tag has a few dozen.
MAX_HTML_ATTRIBUTES = 256
# libxml2 silently drops whatever is nested more than 256 elements deep (with html and body, 250 here), so such a
# page would import without its article: refused with a message instead.
MAX_HTML_DEPTH = 250


def human_size(size: int) -> str:
    """A byte count as people write it: 5 MB, 300 KB, 1000 bytes."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"


class ImportRejected(ValueError):
    """The input cannot become an article; the message says why, in words a user understands."""


class OverBudget(ImportRejected):
    """Splitting or reading the input took longer than its time budget; the work was stopped."""


@dataclass(frozen=True)
class ArticleDraft:
    title: str
    text: str
    url: str = ""
    author: str = ""
    published: str = ""
    source: str = "paste"
    filename: str = ""
    encoding: str = ""  # the fallback encoding the file was read as (FALLBACK_ENCODINGS' name); "" for UTF-8


def normalise_text(text: str) -> str:
    """Unify line endings and trim, so offsets mean the same thing whatever the source."""
    # A vertical tab is the line break Word writes for Shift+Enter; pasted from Word, it is a line end, not binary.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").strip()


def title_from_text(text: str) -> str:
    """The first line, shortened: what a person would call an untitled article."""
    first_line = text.split("\n", 1)[0].strip().lstrip("#").strip()
    if len(first_line) > TITLE_LENGTH:
        first_line = first_line[: TITLE_LENGTH - 1].rstrip() + "…"
    return first_line or "Untitled article"


# A line that ends like a sentence (closing quotes and brackets after the mark allowed) is body text, not a headline.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def is_headline(line: str) -> bool:
    """Whether a file's first line reads as its title: short, and no sentence ends in it."""
    from .text import split_sentences

    line = line.strip()
    if not line or len(line) > TITLE_LENGTH or _SENTENCE_END.search(line):
        return False
    # The splitter knows abbreviations: "Mr. Kim visits Seoul" is one sentence, "Rates rise. Markets fall" two.
    return len(split_sentences(line)) <= 1


def title_from_filename(filename: str) -> str:
    """A file name as a title: no folder or suffix, underscores and dashes read as spaces."""
    words = " ".join(re.sub(r"[_\-]+", " ", PurePath(filename).stem).split())
    if words.islower():
        words = words[0].upper() + words[1:]
    return words[:TITLE_LENGTH] or "Untitled article"


def title_for_file(text: str, filename: str) -> str:
    """A text file's title: its first line when that is a headline, else its file name."""
    first_line = normalise_text(text).split("\n", 1)[0].strip().lstrip("#").strip()
    return first_line if is_headline(first_line) else title_from_filename(filename)


# C0 control characters other than tab, line feed and carriage return: no article holds them, binary data and
# damaged files do (a NUL after the first 8 KB escapes the binary sniff), and they break terminals and exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def control_character(text: str) -> str | None:
    """The first C0 control character (tab and line ends aside) in the text, or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def check_article(text: str, title: str, url: str, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> str:
    """ImportRejected unless an article's text, title and source URL can be stored; the URL cleaned."""
    if not text:
        raise ImportRejected("The article is empty: paste or upload some text.")
    if len(text.encode("utf-8")) > max_bytes:
        raise ImportRejected(f"The article is larger than the limit of {human_size(max_bytes)}.")
    if len(title.strip()) > MAX_TITLE_LENGTH:
        raise ImportRejected(f"The title is longer than {MAX_TITLE_LENGTH} characters.")
    for label, value in (("article", text), ("title", title)):
        if (control := _CONTROL.search(value)) is not None:
            raise ImportRejected(
                f"The {label} holds the control character U+{ord(control.group()):04X} at position "
                f"{control.start()}: binary data or a damaged file, not text. Save it as plain text and retry.")
    try:
        return web_url(url, "source URL")
    except InvalidURL as error:
        raise ImportRejected(str(error)) from None


def draft_from_text(text: str, title: str = "", url: str = "", source: str = "paste",
                    filename: str = "", max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> ArticleDraft:
    """A draft from plain text; refuses empty or oversized text."""
    text = normalise_text(text)
    url = check_article(text, title, url, max_bytes)
    return ArticleDraft(title=title.strip() or title_from_text(text), text=text, url=url,
                        source=source, filename=filename)


def decode_upload(data: bytes) -> str:
    """Bytes of an uploaded text file as str; refuses binary and non-UTF-8 content with a clear message."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ImportRejected(f"The file is not valid {encoding.upper()}: {error.reason}.") from None
    if b"\x00" in data[:8192]:
        raise ImportRejected("The file looks binary, not text: upload a .txt, .md or .html article.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            f"The file is not valid UTF-8 (bad byte at position {error.start}): save it as UTF-8 and retry."
        ) from None


# A multi-byte UTF-8 sequence's shape: a lead byte and its continuation bytes, or a lead byte with some of them at
# the very end (a file cut short). Text in a Western code page has almost none (an accented capital straight before a
# curly quote, "É”"); a file holding one beside bytes that are not UTF-8 is damaged or mixed UTF-8, and any reading
# of it garbles one of its parts, so it is refused as before.
_UTF8_SHAPED = re.compile(rb"[\xc0-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3}"
                          rb"|[\xc0-\xf7][\x80-\xbf]+\Z")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# C1 control characters: what Latin-1 makes of the bytes 0x80-0x9f that Windows-1252 leaves undefined.
_C1_CONTROL = re.compile(r"[\x80-\x9f]")


def read_upload(data: bytes) -> tuple[str, str]:
    """An uploaded file's text and the fallback encoding it was read as ("" for UTF-8), or ImportRejected.

    UTF-8 (or a byte-order mark's encoding) first; a file that is not is read as Windows-1252 or Latin-1 when
    charset-normalizer finds it reads cleanly so; binary, damaged UTF-8 and other code pages are refused.
    """
    try:
        return decode_upload(data), ""
    except ImportRejected:
        if data.startswith(_BOMS) or b"\x00" in data[:8192] or _UTF8_SHAPED.search(data):
            raise  # binary, a damaged byte-order-mark file, or damaged (mixed) UTF-8: no code page reads it
    found = _read_code_page(data)
    if found is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportRejected(
                f"The file is not valid UTF-8 (bad byte at position {error.start}) and does not read as "
                "Windows-1252 or Latin-1 text either: save it as UTF-8 and retry.") from None
    return found


def _read_code_page(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) if charset-normalizer reads the bytes cleanly in a FALLBACK_ENCODINGS code page."""
    # Imported here: only files that are not UTF-8 need it.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None:
        return None
    # The bytes decode the same in several of them when none is 0x80-0x9f: name the most common, Windows-1252.
    encoding = next(name for name in FALLBACK_ENCODINGS if name in best.could_be_from_charset + [best.encoding])
    text = data.decode(encoding)
    if _C1_CONTROL.search(text):
        return None
    return text, FALLBACK_ENCODINGS[encoding]


def decode_jsonl(data: bytes, filename: str = "") -> str:
    """A JSON Lines file's text, read like an upload (UTF-8, or a BOM's encoding); a bad byte is named by line."""
    try:
        return decode_upload(data)
    except ImportRejected as error:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as bad:
            line = data.count(b"\n", 0, bad.start) + 1
            raise ImportRejected(f"{filename}:{line}: not valid UTF-8: save the file as UTF-8 and retry.") from None
        raise ImportRejected(f"{filename}: {error}") from None


# What the shape check reads of a page: comments, the start of a tag (its name), the rest of the tag up to its
# ">" (quoted values may hold "<" and ">"), one attribute in it, and the elements whose content holds no tags.
_COMMENT_OR_TAG = re.compile(r"<(!--|/?)([A-Za-z][^\s/<>]*)")
_TAG_BODY = re.compile(r"""(?:[^<>"']|"[^"]*"|'[^']*')*""")
_ATTRIBUTE = re.compile(r"""[^\s"'=/<>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?""")
_RAW_TEXT_END = {name: re.compile(f"</{name}", re.IGNORECASE) for name in ("script", "style", "textarea", "title")}
# Elements without content, and those whose end tag HTML lets a page leave out: neither counts toward the depth.
_NO_DEPTH = frozenset("area base br col embed hr img input link meta source track wbr param keygen "
                      "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp".split())


def check_html_shape(html: str):
    """ImportRejected if the page has a tag with too many attributes or nests too deep; linear in its length."""
    open_tags: list[str] = []
    position = 0
    while (match := _COMMENT_OR_TAG.search(html, position)) is not None:
        marker, name = match.groups()
        if marker == "!--":
            end = html.find("-->", match.start() + 4)
            if end < 0:
                return
            position = end + 3
            continue
        body = _TAG_BODY.match(html, match.end())
        position = body.end()
        name = name.lower()
        # An attribute and the space before the next take two characters at least: a shorter tag needs no count.
        attributes = _ATTRIBUTE.finditer(html, body.start(), body.end()) \
            if body.end() - body.start() > 2 * MAX_HTML_ATTRIBUTES else ()
        for count, _ in enumerate(attributes, start=1):
            if count > MAX_HTML_ATTRIBUTES:
                raise ImportRejected(
                    f"The HTML page has more than {MAX_HTML_ATTRIBUTES} attributes on one tag (<{name[:20]}>), "
                    "which no real page has: nothing was imported. Save the article as text and upload that.")
        if marker == "/":
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
            continue
        if name in _RAW_TEXT_END:
            end = _RAW_TEXT_END[name].search(html, position)
            if end is None:
                return
            position = end.start()
            continue
        if name in _NO_DEPTH or html.endswith("/", body.start(), body.end()):
            continue
        open_tags.append(name)
        if len(open_tags) > MAX_HTML_DEPTH:
            raise ImportRejected(
                f"The HTML page nests its elements more than {MAX_HTML_DEPTH} deep, deeper than the HTML reader "
                "goes, so the article would be lost: nothing was imported. Save the article as text and upload that.")


def _read_html(html: str, url: str):
    """trafilatura's reading of a page, (text, title, author, date, url), unless its shape is hostile."""
    # Imported here because trafilatura takes a moment to load and only HTML imports need it (the worker
    # processes have it loaded already).
    import trafilatura

    check_html_shape(html)  # here, so that it too is stopped at the budget

    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True,
                                           include_comments=False, include_tables=False)
    if not document:
        return "", "", "", "", ""
    return (document.text or "", document.title or "", document.author or "", document.date or "",
            document.url or "")


def draft_from_html(html: str, url: str = "", filename: str = "", source: str = "upload",
                    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
                    parse_budget: float | None = DEFAULT_PARSE_BUDGET_SECONDS) -> ArticleDraft:
    """The readable article of an HTML page, with its title, author and date; scripts and boilerplate dropped.

    Hostile pages are refused: too many attributes or too deep before parsing, too slow to read after
    parse_budget seconds (None: no limit).
    """
    try:
        text, title, author, published, found_url = run_within(parse_budget, _read_html, html, url)
    except OverBudget:
        raise OverBudget(
            f"Reading the article out of this HTML page took longer than {parse_budget:g} s, so nothing was "
            "imported: the page is far larger or stranger than a news page. Save the article as text and upload "
            "that.") from None
    text = normalise_text(text)
    if not text:
        raise ImportRejected("No readable article text was found in the HTML file.")
    title = title.strip()
    # trafilatura repeats the headline as the first line of the text; drop it so it is not a claim.
    first_line, _, rest = text.partition("\n")
    if title and first_line.strip() == title and rest.strip():
        text = rest.strip()
    if not url:
        try:
            # The page's own address (canonical link, og:url), when it is one a form would take; else none.
            url = web_url(found_url, "page's canonical URL")
        except InvalidURL:
            url = ""
    draft = draft_from_text(text, title=title, url=url, source=source, filename=filename, max_bytes=max_bytes)
    return replace(draft, author=author, published=published)


def draft_from_file(filename: str, data: bytes, url: str = "", source: str = "upload",
                    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
                    parse_budget: float | None = DEFAULT_PARSE_BUDGET_SECONDS) -> ArticleDraft:
    """A draft from an uploaded or local file, chosen by its suffix."""
    name = PurePath(filename or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportRejected(f"Unsupported file type {suffix or '(none)'}: use .txt, .md or .html.")
    if not data.strip():
        raise ImportRejected(f"The file {name} is empty.")
    if len(data) > max_bytes:
        raise ImportRejected(f"The file {name} is larger than the limit of {human_size(max_bytes)}.")
    text, encoding = read_upload(data)
    if suffix in (".html", ".htm"):
        draft = draft_from_html(text, url=url, filename=name, source=source, max_bytes=max_bytes,
                                parse_budget=parse_budget)
        return replace(draft, encoding=encoding)
    if suffix == ".md" and text.lstrip().startswith("# "):
        heading, _, body = text.lstrip().partition("\n")
        title, text = heading[2:].strip(), body
    else:
        title = title_for_file(text, name)
    draft = draft_from_text(text, title=title, url=url, source=source, filename=name, max_bytes=max_bytes)
    return replace(draft, encoding=encoding)


def drafts_from_jsonl(lines, filename: str = "", max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> list[ArticleDraft]:
    """Every record of a JSON Lines file ({"title", "url", "text"} a line), or ImportRejected naming the bad line.

    All or nothing: a file with one broken line imports nothing, so a rerun after the fix does not duplicate.
    """
    drafts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ImportRejected(f"{filename}:{number}: not valid JSON ({error.msg}).") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ImportRejected(f'{filename}:{number}: each line needs a "text" string.')
        try:
            drafts.append(draft_from_text(record["text"], title=str(record.get("title") or ""),
                                          url=str(record.get("url") or ""), source="jsonl",
                                          filename=filename, max_bytes=max_bytes))
        except ImportRejected as error:
            raise ImportRejected(f"{filename}:{number}: {error}") from None
    if not drafts:
        raise ImportRejected(f"{filename}: no articles found.")
    return drafts


# Work under a time budget. The slow cases of splitting and HTML parsing spend their time inside one call into C
# (a regular expression backtracking, libxml2 checking 50,000 attributes), which neither a signal handler nor an
# exception sent to a thread can interrupt: only a process can be stopped. So the work runs in a worker process
# that is killed when its budget is spent. Workers are kept and reused: a warm worker adds 0.3 ms to a split (a
# process forked per split added 10 ms, one started by a fork server 40 ms), and a pipe's poll() times the budget
# exactly. They are started by multiprocessing's fork server, never forked from a server process that has
# threads, and each warms up before it takes work, so its start-up is not charged to the budget.
WORKER_NAME = "annotator-import-worker"
# Idle workers kept per server process; a sync server worker handles one import at a time, so one is enough.
MAX_IDLE_WORKERS = 1


def _serve(connection):
    """A worker's loop: run each (function, args) received, send back (True, result) or (False, error)."""
    split_claims("Warm-up, officials said.")  # the first split of a process loads the model and compiles patterns
    connection.send(None)
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return  # the server process is gone or has let this worker go
        try:
            outcome = (True, function(*args))
        except Exception as error:
            outcome = (False, error)
        try:
            connection.send(outcome)
        except Exception as error:  # a result or an error that cannot be pickled
            connection.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self):
        context = multiprocessing.get_context("forkserver")
        # The fork server imports these once, so each worker it forks starts with the text core loaded.
        context.set_forkserver_preload([__name__, "trafilatura"])
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs,), name=WORKER_NAME, daemon=True)
        self.process.start()
        theirs.close()
        self.connection.recv()  # ready: warmed up

    def run(self, seconds: float, function, args):
        self.connection.send((function, args))
        if not self.connection.poll(seconds):
            raise TimeoutError
        return self.connection.recv()

    def stop(self):
        self.process.kill()
        self.process.join()
        self.connection.close()


_idle: list[_Worker] = []
_idle_lock = threading.Lock()
_idle_pid = os.getpid()


def _take_worker() -> _Worker:
    global _idle, _idle_pid
    with _idle_lock:
        if _idle_pid != os.getpid():
            _idle, _idle_pid = [], os.getpid()  # a forked server process: those workers are its parent's
        if _idle:
            return _idle.pop()
    return _Worker()


def _give_back(worker: _Worker):
    with _idle_lock:
        if len(_idle) < MAX_IDLE_WORKERS and _idle_pid == os.getpid():
            _idle.append(worker)
            return
    worker.stop()


def run_within(seconds: float | None, function, *args):
    """function(*args) in a worker process, stopped after seconds (OverBudget); no budget: here, directly.

    function must be importable by name (a module-level function): it is sent to the worker by reference.
    """
    if not seconds:
        return function(*args)
    worker = _take_worker()
    try:
        succeeded, value = worker.run(seconds, function, args)
    except TimeoutError:
        worker.stop()
        raise OverBudget(f"{seconds:g} s") from None
    except BaseException:
        worker.stop()  # interrupted or the worker died: its state is unknown, never reuse it
        raise
    _give_back(worker)
    if not succeeded:
        raise value
    return value


def split_within(text: str, seconds: float | None) -> list:
    """split_claims(text), refused with a message when it takes longer than seconds."""
    try:
        return run_within(seconds, split_claims, text)
    except OverBudget:
        raise OverBudget(
            f"Splitting this article into claims took longer than {seconds:g} s, so nothing was imported: "
            "text this slow to split is far longer than a news article, or unusual (long runs of spaces or "
            "punctuation). Split it into smaller articles, or import it with the command line's --split-budget."
        ) from None


def budgeted_splitter(seconds: float | None):
    """A split function for store.add_article_once / add_articles that keeps to the budget."""
    return lambda text: split_within(text, seconds)
